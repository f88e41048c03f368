/**
 * Single sign-on: starting it and coming back from the identity provider is for anyone who is not logged in
 * yet, so `public`; the provider list tells the login page what to show.
 */
export const ssoPolicy = {
  signIn: 'public',
  providers: 'public',
} as const;
