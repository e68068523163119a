import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { session } from '../../api/session';
import { expectNoSeriousViolations } from '../../test/axe';
import { mockApi, ok, problem } from '../../test/fetchMock';
import { loginAnswer, renderLoggedOut } from '../../test/render';

const devOnly = { dev_login: true, oidc: false, openshift: false };

describe('login', () => {
  it('logs in with the development form and returns to the page that asked, with the token', async () => {
    const calls = mockApi({
      'GET /auth/providers': () => ok(devOnly),
      'POST /auth/dev-login': () => ok(loginAnswer),
    });
    renderLoggedOut('/models');
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText(/username/i), 'alice');
    await user.click(screen.getByRole('button', { name: 'Log in (development)' }));

    // back to the page that asked for the login, as Alice, with her token on every call
    expect(await screen.findByRole('heading', { level: 1, name: 'Models' })).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/auth/dev-login')?.body).toEqual({ username: 'alice' });
    await waitFor(() => {
      expect(calls.find((c) => c.path === '/models')?.authorization).toBe('Bearer access-1');
    });
    expect(screen.getByRole('button', { name: 'Account of Alice Example' })).toBeInTheDocument();
  });

  it('shows the problem detail when the login is refused', async () => {
    mockApi({
      'GET /auth/providers': () => ok(devOnly),
      'POST /auth/dev-login': () => problem(404, 'development login is disabled'),
    });
    renderLoggedOut();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/username/i), 'alice');
    await user.click(screen.getByRole('button', { name: 'Log in (development)' }));

    const alert = await screen.findByText('development login is disabled');
    expect(
      within(alert.closest('.pf-v6-c-alert') as HTMLElement).getByText('Login failed'),
    ).toBeInTheDocument();
    expect(session.tokens()).toBeNull();
  });

  it('offers only the providers the auth service configured, and is accessible', async () => {
    mockApi({
      'GET /auth/providers': () => ok({ dev_login: false, oidc: true, openshift: false }),
    });
    renderLoggedOut();
    const oidc = await screen.findByRole('link', { name: /OIDC/ });
    expect(oidc.getAttribute('href')).toMatch(
      /^\/api\/v1\/auth\/oidc\/login\?redirect_uri=.*%2Flogin%2Fcallback%2Foidc$/,
    );
    expect(screen.queryByRole('link', { name: /OpenShift/ })).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/username/i)).not.toBeInTheDocument();
    await expectNoSeriousViolations();
  });

  it('finishes a provider login from its callback', async () => {
    const calls = mockApi({ 'POST /auth/oidc/callback': () => ok(loginAnswer) });
    renderLoggedOut('/login/callback/oidc?code=abc&state=state-123456');
    expect(
      await screen.findByRole('heading', { name: 'Welcome, Alice Example' }),
    ).toBeInTheDocument();
    const posted = calls.filter((c) => c.path === '/auth/oidc/callback');
    expect(posted.map((c) => c.body)).toEqual([{ code: 'abc', state: 'state-123456' }]);
  });

  it('returns to the login page when the session ends and cannot be refreshed', async () => {
    const calls = mockApi({
      'GET /auth/providers': () => ok(devOnly),
      'POST /auth/dev-login': () => ok(loginAnswer),
      'GET /subscriptions': () => problem(401, 'token revoked'),
      'POST /auth/refresh': () => problem(401, 'refresh token already used'),
    });
    renderLoggedOut('/subscriptions');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/username/i), 'alice');
    await user.click(screen.getByRole('button', { name: 'Log in (development)' }));

    // the page's call is refused, so is the refresh: the session ends, the login page returns
    await waitFor(() => {
      expect(calls.map((c) => c.path)).toContain('/auth/refresh');
    });
    expect(calls.find((c) => c.path === '/subscriptions')?.authorization).toBe('Bearer access-1');
    expect(calls.find((c) => c.path === '/auth/refresh')?.body).toEqual({
      refresh_token: 'refresh-1',
    });
    expect(await screen.findByRole('heading', { name: 'Log in to LiteMaaS' })).toBeInTheDocument();
    expect(session.tokens()).toBeNull();
  });

  it('logs out from the user menu: both tokens revoked, back to the login page', async () => {
    const calls = mockApi({
      'GET /auth/providers': () => ok(devOnly),
      'POST /auth/dev-login': () => ok(loginAnswer),
      'POST /auth/logout': () => ({ status: 204 }),
    });
    renderLoggedOut('/');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/username/i), 'alice');
    await user.click(screen.getByRole('button', { name: 'Log in (development)' }));
    await user.click(await screen.findByRole('button', { name: 'Account of Alice Example' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Log out' }));

    expect(await screen.findByRole('heading', { name: 'Log in to LiteMaaS' })).toBeInTheDocument();
    const logout = calls.find((c) => c.path === '/auth/logout');
    expect(logout?.authorization).toBe('Bearer access-1');
    expect(logout?.body).toEqual({ refresh_token: 'refresh-1' });
    expect(session.tokens()).toBeNull();
  });
});
