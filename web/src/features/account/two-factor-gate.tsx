import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAsync } from '../../ui/use-async';
import { fetchTwoFactorStatus } from './api';

/**
 * Sends a user whose roles require two-factor authentication, and who has not enrolled, to /account to
 * enrol (the server refuses everything else to them until then: TOTP_ENROLMENT_REQUIRED).
 */
export function TwoFactorGate({ children }: { children: ReactNode }) {
  const location = useLocation();
  const status = useAsync((signal) => fetchTwoFactorStatus(signal), [location.pathname === '/account']);
  if (status.status === 'success' && status.data.isRestricted && location.pathname !== '/account')
    return <Navigate to="/account" replace />;
  return <>{children}</>;
}
