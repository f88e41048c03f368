-- Identity hardening (issue 13): the login lock-out also counts failures per source address
-- (src/domain/login-lockout.ts), so login_attempts is searched by address as well as by e-mail.
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at);
