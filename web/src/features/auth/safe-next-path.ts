/**
 * Where to go after login: only a path of this app, never another site (no open redirect). A browser reads
 * `//host` and `/\host` as another host, and drops tabs and newlines inside a URL (`/\t/host` is `//host`):
 * so the path must start with one `/` followed by neither `/` nor `\`, contain no control characters, and
 * still resolve to this origin. Anything else goes to the home page.
 */
const BASE = 'https://passage.invalid';

export function safeNextPath(next: string | null | undefined): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return '/';
  // A backslash anywhere (`/\host`), or a control character (`/\t/host`).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  try {
    const url = new URL(next, BASE);
    return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}
