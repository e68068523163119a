import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AdminUser } from '../../api/adminUsers';
import { expectNoSeriousViolations } from '../../test/axe';
import { page } from '../../test/data';
import { mockApi, ok, problem } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';
import { adminUser, auditor, root } from './fixtures';

const bob = adminUser('bob', { full_name: 'Bob Builder' });
const carol = adminUser('carol', { roles: ['user', 'admin'], admin_roles: ['user', 'admin'] });

describe('admin: users', () => {
  it('lists users with their roles and status, and is accessible', async () => {
    mockApi({
      'GET /admin/users': () => ok(page([bob, carol, adminUser('dan', { active: false })])),
    });
    renderLoggedIn('/admin/users', root);
    const row = await screen.findByRole('row', { name: /carol/ });
    expect(within(row).getByText('admin')).toBeInTheDocument();
    expect(within(row).getByText('Active')).toBeInTheDocument();
    expect(within(screen.getByRole('row', { name: /dan/ })).getByText('Deactivated')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Reactivate dan' })).toBeInTheDocument();
    await expectNoSeriousViolations();
  });

  it('searches and pages through the API', async () => {
    const calls = mockApi({ 'GET /admin/users': () => ok(page([bob], 45)) });
    renderLoggedIn('/admin/users', root);
    const user = userEvent.setup();
    await screen.findByRole('row', { name: /bob/ });
    const [next] = screen.getAllByRole('button', { name: 'Go to the next page' });
    if (next) await user.click(next);
    await waitFor(() => {
      expect(calls.at(-1)?.query.get('page')).toBe('2');
    });
    await user.type(screen.getByRole('textbox', { name: 'Search users by name or email' }), 'bo');
    await waitFor(() => {
      expect(calls.at(-1)?.query.get('search')).toBe('bo');
    });
    expect(calls.at(-1)?.query.get('page')).toBe('1');
  });

  it('deactivates only with a reason, and the list shows it', async () => {
    let users: AdminUser[] = [bob];
    const calls = mockApi({
      'GET /admin/users': () => ok(page(users)),
      'POST /admin/users/u-bob/deactivate': () => {
        users = [{ ...bob, active: false }];
        return ok(users[0]);
      },
    });
    renderLoggedIn('/admin/users', root);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Deactivate bob' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate bob?' });
    const confirm = within(dialog).getByRole('button', { name: 'Deactivate' });
    expect(confirm).toBeDisabled();
    await expectNoSeriousViolations();
    await user.type(within(dialog).getByRole('textbox', { name: /Reason/ }), 'left the company');
    await user.click(confirm);

    expect(await screen.findByText('Deactivated')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    const sent = calls.find((call) => call.method === 'POST');
    expect(sent?.body).toEqual({ reason: 'left the company' });
  });

  it('shows why a deactivation was refused', async () => {
    mockApi({
      'GET /admin/users': () => ok(page([bob])),
      'POST /admin/users/u-bob/deactivate': () =>
        problem(409, 'admins cannot deactivate themselves'),
    });
    renderLoggedIn('/admin/users', root);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Deactivate bob' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: /Reason/ }), 'test');
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    expect(await within(dialog).findByText('admins cannot deactivate themselves')).toBeVisible();
  });

  it('grants roles by hand, keeping user', async () => {
    const calls = mockApi({
      'GET /admin/users': () => ok(page([bob])),
      'PUT /admin/users/u-bob/roles': () => ok({ ...bob, roles: ['user', 'admin-readonly'] }),
    });
    renderLoggedIn('/admin/users', root);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Change the roles of bob' }));
    const dialog = await screen.findByRole('dialog', { name: 'Roles of bob' });
    await expectNoSeriousViolations();
    await user.click(within(dialog).getByRole('checkbox', { name: /admin-readonly/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save roles' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });
    expect(calls.find((call) => call.method === 'PUT')?.body).toEqual({
      roles: ['user', 'admin-readonly'],
    });
  });

  it('shows a read-only admin the users without a single action', async () => {
    mockApi({ 'GET /admin/users': () => ok(page([bob])) });
    renderLoggedIn('/admin/users', auditor);
    const row = await screen.findByRole('row', { name: /bob/ });
    expect(within(row).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
  });

  it('says when there are none, and shows a failure', async () => {
    mockApi({ 'GET /admin/users': () => ok(page([])) });
    const { unmount } = renderLoggedIn('/admin/users', root);
    expect(await screen.findByText('Nobody has logged in yet.')).toBeInTheDocument();
    unmount();
    mockApi({ 'GET /admin/users': () => problem(503, 'auth is restarting') });
    renderLoggedIn('/admin/users', root);
    expect(await screen.findByText('auth is restarting')).toBeInTheDocument();
    expect(screen.getByText('Could not load the users')).toBeInTheDocument();
  });
});
