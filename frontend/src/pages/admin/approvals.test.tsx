import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AdminSubscription } from '../../api/adminSubscriptions';
import { expectNoSeriousViolations } from '../../test/axe';
import { page } from '../../test/data';
import { mockApi, ok, problem, type Answer, type Call } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';
import { adminSub, adminUser, auditor, root } from './fixtures';

const bobs = adminSub('bob', 'gpt-4o');
const carols = adminSub('carol', 'llama-3');
// auth names the page's people by id (`?id=` repeated), as it would
const directory = (call: Call) =>
  ok(
    page(
      [adminUser('bob'), adminUser('carol')].filter((u) => call.query.getAll('id').includes(u.id)),
    ),
  );

/** The catalog's queue by status, which decisions change. */
function queue(initial: AdminSubscription[], routes: Record<string, (call: Call) => Answer> = {}) {
  let subs = initial;
  const calls = mockApi({
    'GET /admin/users': directory,
    'GET /admin/subscriptions': (call) =>
      ok(page(subs.filter((sub) => sub.status === call.query.get('status')))),
    ...routes,
  });
  return {
    calls,
    set: (next: AdminSubscription[]) => {
      subs = next;
    },
  };
}

describe('admin: approvals', () => {
  it('lists the pending queue by user name, and is accessible', async () => {
    const { calls } = queue([bobs, carols]);
    renderLoggedIn('/admin/approvals', root);
    const row = await screen.findByRole('row', { name: /bob.*gpt-4o/ });
    expect(within(row).getByText('Pending approval')).toBeInTheDocument();
    expect(within(row).getByText('bob')).toBeInTheDocument(); // the username, not its id
    expect(
      within(row).getByRole('checkbox', { name: 'Select the subscription of bob to gpt-4o' }),
    ).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/admin/subscriptions')?.query.get('status')).toBe(
      'pending',
    );
    await expectNoSeriousViolations();
  });

  it('approves one at once, and the queue no longer holds it', async () => {
    const approved = { ...bobs, status: 'active' as const };
    const q = queue([bobs, carols], {
      'POST /admin/subscriptions/s-bob-gpt-4o/approve': () => {
        q.set([approved, carols]);
        return ok(approved);
      },
    });
    renderLoggedIn('/admin/approvals', root);
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole('button', { name: 'Approve the subscription of bob to gpt-4o' }),
    );
    expect(await screen.findByText('Subscriptions approved: 1')).toBeInTheDocument();
    await waitFor(() => {
      expect(screen.queryByRole('row', { name: /gpt-4o/ })).toBeNull();
    });
    expect(q.calls.find((c) => c.method === 'POST')?.body).toEqual({ reason: '' });
  });

  it('denies one only with a reason', async () => {
    const q = queue([bobs], {
      'POST /admin/subscriptions/s-bob-gpt-4o/deny': () => ok({ ...bobs, status: 'denied' }),
    });
    renderLoggedIn('/admin/approvals', root);
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole('button', { name: 'Deny the subscription of bob to gpt-4o' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Deny these subscriptions?' });
    expect(within(dialog).getByText('bob to gpt-4o')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Deny' })).toBeDisabled();
    await expectNoSeriousViolations();
    await user.type(within(dialog).getByRole('textbox', { name: /Reason/ }), 'not for interns');
    await user.click(within(dialog).getByRole('button', { name: 'Deny' }));
    expect(await screen.findByText('Subscriptions denied: 1')).toBeInTheDocument();
    expect(q.calls.find((c) => c.method === 'POST')?.body).toEqual({ reason: 'not for interns' });
  });

  it('approves a selection in one all-or-nothing call', async () => {
    const q = queue([bobs, carols], {
      'POST /admin/subscriptions/bulk': () => ok([bobs, carols]),
    });
    renderLoggedIn('/admin/approvals', root);
    const user = userEvent.setup();
    const approveSelected = await screen.findByRole('button', { name: 'Approve selected' });
    expect(approveSelected).toBeDisabled();
    await user.click(await screen.findByRole('checkbox', { name: /of bob to gpt-4o/ }));
    await user.click(screen.getByRole('checkbox', { name: /of carol to llama-3/ }));
    expect(screen.getByText('Selected: 2')).toBeInTheDocument();
    await user.click(approveSelected);
    expect(await screen.findByText('Subscriptions approved: 2')).toBeInTheDocument();
    expect(q.calls.find((c) => c.method === 'POST')?.body).toEqual({
      action: 'approve',
      ids: ['s-bob-gpt-4o', 's-carol-llama-3'],
      reason: '',
    });
  });

  it('shows why a bulk decision changed nothing', async () => {
    queue([bobs, carols], {
      'POST /admin/subscriptions/bulk': () =>
        problem(409, 'subscription s-carol-llama-3 is cancelled: cannot deny it'),
    });
    renderLoggedIn('/admin/approvals', root);
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole('checkbox', { name: 'Select every subscription on this page' }),
    );
    await user.click(screen.getByRole('button', { name: 'Deny selected' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('carol to llama-3')).toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox', { name: /Reason/ }), 'budget');
    await user.click(within(dialog).getByRole('button', { name: 'Deny' }));
    expect(await within(dialog).findByText(/cannot deny it/)).toBeVisible();
    expect(within(dialog).getByText('Nothing was changed')).toBeVisible();
  });

  it('suspends and reactivates through the status filter', async () => {
    const q = queue(
      [adminSub('bob', 'gpt-4o', 'active'), adminSub('carol', 'llama-3', 'suspended')],
      {
        'POST /admin/subscriptions/s-carol-llama-3/reactivate': () => ok(carols),
      },
    );
    renderLoggedIn('/admin/approvals', root);
    const user = userEvent.setup();
    expect(await screen.findByText('No subscriptions waiting')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Active' }));
    expect(
      await screen.findByRole('button', { name: 'Suspend the subscription of bob to gpt-4o' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Suspended' }));
    await user.click(
      await screen.findByRole('button', {
        name: 'Reactivate the subscription of carol to llama-3',
      }),
    );
    expect(await screen.findByText('Subscriptions reactivated: 1')).toBeInTheDocument();
    expect(q.calls.map((c) => c.query.get('status'))).toEqual(
      expect.arrayContaining(['pending', 'active', 'suspended']),
    );
  });

  it('shows a read-only admin the queue without checkboxes or buttons', async () => {
    queue([bobs]);
    renderLoggedIn('/admin/approvals', auditor);
    const row = await screen.findByRole('row', { name: /bob/ });
    expect(within(row).queryByRole('button')).toBeNull();
    expect(within(row).queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Approve selected' })).toBeNull();
  });

  it('shows a failure to load the queue', async () => {
    mockApi({
      'GET /admin/users': directory,
      'GET /admin/subscriptions': () => problem(503, 'catalog is away'),
    });
    renderLoggedIn('/admin/approvals', root);
    expect(await screen.findByText('catalog is away')).toBeInTheDocument();
  });
});
