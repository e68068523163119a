import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../api/adminSync';
import { expectNoSeriousViolations } from '../../test/axe';
import { mockApi, ok, problem } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';
import { auditor, syncPage } from './fixtures';

const record: AuditRecord = {
  entity_type: 'key',
  entity_id: 'hash-1',
  action: 'created',
  detail: 'key generated in LiteLLM',
  source_event_type: 'litemaas.keys.ApiKeyCreated.v1',
  applied_at: '2026-11-30T10:00:00Z',
};

describe('admin: audit log', () => {
  it('pages through sync audit trail by offset, and is accessible', async () => {
    const calls = mockApi({ 'GET /admin/sync/audit': () => ok(syncPage([record], 45)) });
    renderLoggedIn('/admin/audit', auditor);
    const row = await screen.findByRole('row', { name: /hash-1.*created/ });
    expect(within(row).getByText('API key')).toBeVisible();
    await expectNoSeriousViolations();
    const user = userEvent.setup();
    const [next] = screen.getAllByRole('button', { name: 'Go to the next page' });
    if (next) await user.click(next);
    await waitFor(() => {
      expect(calls.at(-1)?.query.get('offset')).toBe('20');
    });
    expect(calls.at(-1)?.query.get('limit')).toBe('20');
  });

  it('filters by entity type, and says when nothing matches', async () => {
    const calls = mockApi({
      'GET /admin/sync/audit': (call) =>
        ok(syncPage(call.query.get('entity_type') === 'budget' ? [] : [record])),
    });
    renderLoggedIn('/admin/audit', auditor);
    const user = userEvent.setup();
    await user.selectOptions(
      await screen.findByRole('combobox', { name: 'Entity type' }),
      'budget',
    );
    expect(await screen.findByText('No record for this entity type.')).toBeVisible();
    expect(calls.at(-1)?.query.get('offset')).toBe('0');
  });

  it('says when sync has written nothing yet, and shows a failure', async () => {
    mockApi({ 'GET /admin/sync/audit': () => ok(syncPage([])) });
    const { unmount } = renderLoggedIn('/admin/audit', auditor);
    expect(await screen.findByText('Sync has not written anything to LiteLLM yet.')).toBeVisible();
    unmount();
    mockApi({ 'GET /admin/sync/audit': () => problem(503, 'sync is away') });
    renderLoggedIn('/admin/audit', auditor);
    expect(await screen.findByText('sync is away')).toBeVisible();
  });
});
