import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { session } from '../api/session';
import type { User } from '../api/types';
import { AuthProvider } from '../auth/AuthProvider';
import { AuthContext, type Auth } from '../auth/context';
import { AppRoutes } from '../routes';

export const alice: User = {
  id: 'u-alice',
  username: 'alice',
  email: 'alice@example.com',
  full_name: 'Alice Example',
  roles: ['user'],
  active: true,
};

export const loginAnswer = {
  access_token: 'access-1',
  refresh_token: 'refresh-1',
  expires_in: 900,
  refresh_expires_in: 86400,
  user: alice,
  notice: null,
};

function renderApp(route: string, auth: (app: ReactNode) => ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const app = (
    <MemoryRouter initialEntries={[route]}>
      <AppRoutes />
    </MemoryRouter>
  );
  return render(<QueryClientProvider client={client}>{auth(app)}</QueryClientProvider>);
}

/** The whole app at `route` with the real session handling, logged out. */
export function renderLoggedOut(route = '/login') {
  return renderApp(route, (app) => <AuthProvider>{app}</AuthProvider>);
}

/** The whole app at `route`, as `user` after a login (its tokens in the session). */
export function renderLoggedIn(route: string, user: User = alice) {
  session.set({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  const auth: Auth = { user, logIn: vi.fn(), logOut: vi.fn(() => Promise.resolve()) };
  return renderApp(route, (app) => <AuthContext.Provider value={auth}>{app}</AuthContext.Provider>);
}
