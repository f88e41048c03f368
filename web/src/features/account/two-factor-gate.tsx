import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAsync } from '../../ui/use-async';
import { fetchTwoFactorStatus } from './api';

/**
 * Sends a user whose roles require two-factor authentication, and who has not enrolled, to /account to
 * enrol (the server refuses everything else to them until then: TOTP_ENROLMENT_REQUIRED). The status is asked
 * again on each page, and only an answer given for the page shown counts: right after enrolling on /account,
 * the next page must not act on the status from before.
 */
export function TwoFactorGate({ children }: { children: ReactNode }) {
  const path = useLocation().pathname;
  const status = useAsync(async (signal) => ({ path, status: await fetchTwoFactorStatus(signal) }), [path]);
  const isCurrent = status.status === 'success' && status.data.path === path;
  if (isCurrent && status.data.status.isRestricted && path !== '/account')
    return <Navigate to="/account" replace />;
  return <>{children}</>;
}
