import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Conflict, Cycle, DriftReport } from '../../api/adminSync';
import { expectNoSeriousViolations } from '../../test/axe';
import { mockApi, ok, problem, type Answer, type Call } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';
import { auditor, root, syncPage } from './fixtures';

const cycle: Cycle = {
  conflicts: 2,
  drift_by_entity_type: { user: 0, team: 2, key: 0 },
  decisions: { pushed: 2 },
  litellm_writes: 2,
  finished_at: '2026-11-30T10:00:00Z',
  duration_seconds: 1.5,
};
const drift = {
  entity_type: 'team',
  entity_id: 't-research',
  field: 'max_budget',
  ours: '100',
  theirs: '50',
  policy: 'litemaas_wins',
  decision: 'pushed',
  detected_at: '2026-11-30T10:00:00Z',
};
const conflict: Conflict = { ...drift, conflict_id: 'c-1', before: '50', after: '100' };
const noDrift: DriftReport = { counts: {}, items: [], last_cycle: null };

function sync(report: DriftReport, routes: Record<string, (call: Call) => Answer> = {}) {
  return mockApi({
    'GET /status': () => ok({ auth: 'ready', sync: 'ready' }),
    'GET /admin/sync/drift': () => ok(report),
    'GET /admin/sync/conflicts': () => ok(syncPage([])),
    ...routes,
  });
}

describe('admin: sync', () => {
  it('says honestly when nothing has been reconciled and nothing conflicts; accessible', async () => {
    sync(noDrift);
    renderLoggedIn('/admin/sync', root);
    expect(await screen.findByText('None since the sync service last started')).toBeVisible();
    expect(screen.getByText('Ready')).toBeVisible();
    expect(await screen.findByRole('heading', { name: 'No drift' })).toBeVisible();
    expect(await screen.findByRole('heading', { name: 'No conflicts' })).toBeVisible();
    await expectNoSeriousViolations();
  });

  it('shows the last cycle, the drift it left and the conflicts', async () => {
    sync(
      { counts: { team: 1 }, items: [drift], last_cycle: cycle },
      { 'GET /admin/sync/conflicts': () => ok(syncPage([conflict])) },
    );
    renderLoggedIn('/admin/sync', root);
    expect(await screen.findByText('User: 0 · Team: 1 · API key: 0')).toBeVisible();
    expect(screen.getByText('1.5 s')).toBeVisible();
    const driftTable = await screen.findByRole('grid', { name: 'Drift report' });
    expect(within(driftTable).getByRole('row', { name: /t-research.*max_budget/ })).toBeVisible();
    const conflicts = await screen.findByRole('grid', { name: 'Conflicts' });
    expect(within(conflicts).getByText('litemaas_wins')).toBeVisible();
  });

  it('reconciles now and says what it did', async () => {
    const calls = sync(noDrift, { 'POST /admin/sync/reconcile': () => ok(cycle) });
    renderLoggedIn('/admin/sync', root);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Reconcile now' }));
    expect(
      await screen.findByText('Reconciled in 1.5 s: 2 differences settled, 2 writes to LiteLLM.'),
    ).toBeVisible();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({});
  });

  it('shows LiteLLM being away when a reconcile cannot run', async () => {
    sync(noDrift, {
      'POST /admin/sync/reconcile': () => problem(503, 'LiteLLM is unavailable: breaker open'),
    });
    renderLoggedIn('/admin/sync', root);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Reconcile now' }));
    expect(await screen.findByText('LiteLLM is unavailable: breaker open')).toBeVisible();
  });

  it('pulls models now and counts the changes', async () => {
    sync(noDrift, {
      'POST /admin/sync/models': () => ok({ discovered: 3, updated: 1, retired: 0 }),
    });
    renderLoggedIn('/admin/sync', root);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Pull models now' }));
    expect(await screen.findByText('Models pulled: 3 new, 1 updated, 0 retired.')).toBeVisible();
  });

  it('filters the conflicts through the API', async () => {
    const calls = sync(noDrift);
    renderLoggedIn('/admin/sync', root);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Entity type' }), 'team');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Decision' }), 'adopted');
    await waitFor(() => {
      const last = calls.filter((c) => c.path === '/admin/sync/conflicts').at(-1);
      expect(last?.query.get('entity_type')).toBe('team');
      expect(last?.query.get('decision')).toBe('adopted');
    });
    expect(await screen.findByText('No conflict matches these filters.')).toBeVisible();
  });

  it('gives a read-only admin no buttons', async () => {
    sync(noDrift);
    renderLoggedIn('/admin/sync', auditor);
    expect(await screen.findByRole('heading', { name: 'No drift' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Reconcile now' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Pull models now' })).toBeNull();
  });

  it('shows a failure to read the drift report', async () => {
    sync(noDrift, { 'GET /admin/sync/drift': () => problem(503, 'sync database unavailable') });
    renderLoggedIn('/admin/sync', root);
    expect((await screen.findAllByText('sync database unavailable')).length).toBeGreaterThan(0);
  });
});
