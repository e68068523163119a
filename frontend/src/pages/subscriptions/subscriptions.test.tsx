import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../api/types';
import { expectNoSeriousViolations } from '../../test/axe';
import { page, subscription } from '../../test/data';
import { mockApi, ok, problem } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';

describe('subscriptions page', () => {
  it('shows each status, says pending ones wait for an administrator, and is accessible', async () => {
    mockApi({
      'GET /subscriptions': () =>
        ok(page([subscription('gpt-4o', 'active'), subscription('llama-3', 'pending')])),
    });
    renderLoggedIn('/subscriptions');
    const pending = await screen.findByRole('row', { name: /llama-3/ });
    expect(within(pending).getByText('Pending approval')).toBeInTheDocument();
    expect(within(pending).getByText(/An administrator must approve it/)).toBeInTheDocument();
    expect(
      within(screen.getByRole('row', { name: /gpt-4o/ })).getByText('Active'),
    ).toBeInTheDocument();
    await expectNoSeriousViolations();
  });

  it('cancels after asking, and shows a refusal', async () => {
    let subs: Subscription[] = [subscription('gpt-4o', 'active')];
    const calls = mockApi({
      'GET /subscriptions': () => ok(page(subs)),
      'DELETE /subscriptions/sub-gpt-4o': () => {
        subs = [subscription('gpt-4o', 'cancelled')];
        return ok(subs[0]);
      },
    });
    renderLoggedIn('/subscriptions');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Cancel subscription to gpt-4o' }));
    const confirm = await screen.findByRole('dialog', { name: 'Cancel this subscription?' });
    await expectNoSeriousViolations();
    await user.click(within(confirm).getByRole('button', { name: 'Cancel subscription' }));

    const row = await screen.findByRole('row', { name: /gpt-4o/ });
    expect(await within(row).findByText('Cancelled')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'DELETE')).toBe(true);
    expect(
      screen.queryByRole('button', { name: /Cancel subscription to/ }),
    ).not.toBeInTheDocument();
  });

  it('shows why a cancel was refused', async () => {
    mockApi({
      'GET /subscriptions': () => ok(page([subscription('gpt-4o', 'active')])),
      'DELETE /subscriptions/sub-gpt-4o': () => problem(409, 'already cancelled'),
    });
    renderLoggedIn('/subscriptions');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Cancel subscription to/ }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Cancel subscription',
      }),
    );
    expect(await screen.findByText('already cancelled')).toBeInTheDocument();
  });

  it('points to the catalog when there are none', async () => {
    mockApi({ 'GET /subscriptions': () => ok(page([])) });
    renderLoggedIn('/subscriptions');
    expect(await screen.findByText('No subscriptions yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Browse models' })).toHaveAttribute('href', '/models');
  });

  it('opens a subscription’s history, and filters by status', async () => {
    const calls = mockApi({
      'GET /subscriptions': (call) =>
        ok(page(call.query.get('status') === 'denied' ? [] : [subscription('llama-3', 'active')])),
      'GET /subscriptions/sub-llama-3': () =>
        ok({
          ...subscription('llama-3', 'active'),
          history: [
            {
              from_status: null,
              to_status: 'pending',
              changed_by: 'u-alice',
              reason: '',
              at: '2026-11-30T10:00:00Z',
            },
            {
              from_status: 'pending',
              to_status: 'active',
              changed_by: 'admin',
              reason: 'research use',
              at: '2026-11-30T11:00:00Z',
            },
          ],
        }),
    });
    renderLoggedIn('/subscriptions');
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole('button', {
        name: 'Show the history of the subscription to llama-3',
      }),
    );
    const history = await screen.findByRole('list', {
      name: 'History of the subscription to llama-3',
    });
    const lines = within(history)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(lines[0]).toMatch(/Pending approval, by u-alice$/);
    expect(lines[1]).toMatch(/Active, by admin — research use$/);
    await expectNoSeriousViolations();

    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Show subscriptions' }),
      'denied',
    );
    expect(await screen.findByText('No subscription has this status.')).toBeInTheDocument();
    expect(
      calls
        .filter((c) => c.path === '/subscriptions')
        .at(-1)
        ?.query.get('status'),
    ).toBe('denied');
  });
});
