import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Team } from '../../api/adminTeams';
import { expectNoSeriousViolations } from '../../test/axe';
import { mockApi, ok, problem } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';
import { auditor, root, team } from './fixtures';

const research = team('research', {
  max_budget: '100.0000',
  budget_duration: '30d',
  rpm_limit: 60,
});

describe('admin: teams', () => {
  it('lists every team with its limits, and is accessible', async () => {
    const calls = mockApi({
      'GET /teams': () => ok([research, team('old', { archived: true })]),
    });
    renderLoggedIn('/admin/teams', root);
    const row = await screen.findByRole('row', { name: /research/ });
    expect(within(row).getByText(/Budget 100.0000 USD 30d · 60 requests\/min/)).toBeVisible();
    expect(within(screen.getByRole('row', { name: /old/ })).getByText('Archived')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Archive the team old' })).toBeNull();
    expect(calls[0]?.query.get('all')).toBe('true');
    await expectNoSeriousViolations();
  });

  it('archives after asking', async () => {
    let teams: Team[] = [research];
    const calls = mockApi({
      'GET /teams': () => ok(teams),
      'POST /teams/t-research/archive': () => {
        teams = [{ ...research, archived: true }];
        return ok(teams[0]);
      },
    });
    renderLoggedIn('/admin/teams', root);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Archive the team research' }));
    const dialog = await screen.findByRole('dialog', { name: 'Archive research?' });
    await expectNoSeriousViolations();
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    expect(await screen.findByText('Archived')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST')).toBe(true);
  });

  it('shows why an archive was refused', async () => {
    mockApi({
      'GET /teams': () => ok([research]),
      'POST /teams/t-research/archive': () => problem(403, 'only owners and admins'),
    });
    renderLoggedIn('/admin/teams', root);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Archive the team research' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    expect(await within(dialog).findByText('only owners and admins')).toBeVisible();
  });

  it('gives a read-only admin no archive button', async () => {
    mockApi({ 'GET /teams': () => ok([research]) });
    renderLoggedIn('/admin/teams', auditor);
    const row = await screen.findByRole('row', { name: /research/ });
    expect(within(row).queryByRole('button')).toBeNull();
  });

  it('says when there are none, and shows a failure', async () => {
    mockApi({ 'GET /teams': () => ok([]) });
    const { unmount } = renderLoggedIn('/admin/teams', root);
    expect(await screen.findByText('Nobody has created a team yet.')).toBeInTheDocument();
    unmount();
    mockApi({ 'GET /teams': () => problem(503, 'auth is away') });
    renderLoggedIn('/admin/teams', root);
    expect(await screen.findByText('auth is away')).toBeInTheDocument();
  });
});
