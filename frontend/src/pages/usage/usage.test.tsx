import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Group, Totals } from '../../api/usage';
import { expectNoSeriousViolations } from '../../test/axe';
import { apiKey, page } from '../../test/data';
import { mockApi, ok, problem, type Call } from '../../test/fetchMock';
import { alice, renderLoggedIn } from '../../test/render';
import { granularityFor, instants, lastDays, rangeProblem } from './range';

const NOW = new Date('2026-11-30T12:34:00Z');
const FROM = '2026-11-01T00:00:00Z';
const TO = '2026-12-01T00:00:00Z';

function totals(cost: string, requests: number, extra: Partial<Totals> = {}): Totals {
  return {
    requests,
    failures: 0,
    prompt_tokens: requests * 100,
    completion_tokens: requests * 20,
    total_tokens: requests * 120,
    cost,
    ...extra,
  };
}

function group(extra: Partial<Group>, cost: string, requests: number): Group {
  const none = { at: null, user_id: null, key_hash: null, key_id: null, team_id: null };
  return { ...none, model: null, provider: null, ...totals(cost, requests), ...extra };
}

const breakdown = (items: Group[]) => ({ by: 'model', start: FROM, end: TO, ...page(items) });

function usageApi(prefix = '/usage', requests = 3) {
  return mockApi({
    [`GET ${prefix}/summary`]: () =>
      ok({ start: FROM, end: TO, ...totals('1.2345', requests, { failures: 1 }) }),
    [`GET ${prefix}/series`]: (call) =>
      ok({
        granularity: call.query.get('granularity'),
        start: FROM,
        end: TO,
        points: [
          { at: '2026-11-28T00:00:00Z', ...totals('0.2345', 1) },
          { at: '2026-11-29T00:00:00Z', ...totals('1', 2) },
        ],
      }),
    [`GET ${prefix}/breakdown`]: (call) =>
      ok(
        breakdown(
          call.query.get('by') === 'model'
            ? [group({ model: 'gpt-4o' }, '1.2', 2), group({ model: 'llama-3' }, '0.0345', 1)]
            : [group({ key_id: 'key-ci', key_hash: 'ab12' }, '1.2345', 3)],
        ),
      ),
    'GET /api-keys': () => ok(page([apiKey('ci', ['gpt-4o'])])),
    'GET /admin/usage/top': () => ok(breakdown([group({ user_id: 'u-bob' }, '9.5', 40)])),
    [`GET ${prefix}/export`]: () => ok('at,model\n'),
  });
}

const asked = (calls: Call[], path: string) => calls.filter((c) => c.path === path);

describe('usage page', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the last 30 days: totals, the chart with its table, by model and by key', async () => {
    const calls = usageApi();
    renderLoggedIn('/usage');
    expect(await screen.findByText('$1.2345')).toBeInTheDocument();
    expect(screen.getByText('Failed: 1')).toBeInTheDocument();
    const summary = asked(calls, '/usage/summary')[0];
    expect(summary?.method).toBe('GET');
    expect(summary?.query.get('from')).toBe(FROM);
    expect(summary?.query.get('to')).toBe(TO);
    expect(summary?.authorization).toBe('Bearer access-1');
    expect(asked(calls, '/usage/series')[0]?.query.get('granularity')).toBe('day');

    // the chart is named for screen readers, which also get its figures as a table
    expect(await screen.findByRole('img', { name: /Cost per day \(USD\)/ })).toBeInTheDocument();
    const table = screen.getByRole('grid', { name: 'Usage per period' });
    expect(within(table).getByRole('row', { name: /Nov 29, 2026 \$1\.00 2 240/ })).toBeVisible();

    const byModel = await screen.findByRole('grid', { name: 'By model' });
    expect(within(byModel).getByRole('cell', { name: 'gpt-4o' })).toBeInTheDocument();
    // a key of mine is named, not shown by its id
    const byKey = await screen.findByRole('grid', { name: 'By key' });
    expect(await within(byKey).findByRole('cell', { name: 'ci' })).toBeInTheDocument();
    const models = asked(calls, '/usage/breakdown').find((c) => c.query.get('by') === 'model');
    expect(models?.query.get('page_size')).toBe('10');
    await expectNoSeriousViolations();
  });

  it('says when nothing was spent in the range', async () => {
    usageApi('/usage', 0);
    renderLoggedIn('/usage');
    expect(await screen.findByText('No spend in this range')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await expectNoSeriousViolations();
  });

  it('shows the service’s detail when the usage cannot be loaded', async () => {
    mockApi({ 'GET /usage/summary': () => problem(503, 'billing is not ready') });
    renderLoggedIn('/usage');
    expect(await screen.findByText('billing is not ready')).toBeInTheDocument();
    expect(screen.getByText('Could not load the usage')).toBeInTheDocument();
  });

  it('asks again for a preset range, and refuses a reversed one without asking', async () => {
    const calls = usageApi();
    renderLoggedIn('/usage');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Last 7 days' }));
    await waitFor(() => {
      expect(calls.some((c) => c.query.get('from') === '2026-11-24T00:00:00Z')).toBe(true);
    });

    const before = calls.length;
    const from = screen.getByRole('textbox', { name: 'From' });
    await user.clear(from);
    await user.type(from, '2026-12-05');
    expect(await screen.findByText('The first day must not be after the last.')).toBeVisible();
    expect(calls.slice(before).some((c) => c.query.get('from')?.startsWith('2026-12-05'))).toBe(
      false,
    );
  });

  it('downloads the CSV export with the session’s token', async () => {
    const calls = usageApi();
    // jsdom has no object URLs: these stand in for the browser's (this file's jsdom only)
    const createObjectURL = vi.fn<(blob: Blob) => string>(() => 'blob:usage');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderLoggedIn('/usage');
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Download CSV' }));

    await waitFor(() => {
      expect(click).toHaveBeenCalled();
    });
    const exported = asked(calls, '/usage/export')[0];
    expect(exported?.authorization).toBe('Bearer access-1');
    expect(Object.fromEntries(exported?.query ?? [])).toEqual({
      from: FROM,
      to: TO,
      granularity: 'day',
      by: 'model',
      format: 'csv',
    });
    expect(await createObjectURL.mock.calls[0]?.[0].text()).toContain('at,model');
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe(
      'usage-2026-11-01-2026-11-30.csv',
    );
    click.mockRestore();
  });

  it('lets an admin see everyone’s usage, one user’s, and the top spenders', async () => {
    const calls = usageApi('/admin/usage');
    renderLoggedIn('/usage', { ...alice, roles: ['user', 'admin-readonly'] });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('switch', { name: 'Everyone’s usage' }));
    const top = await screen.findByRole('grid', { name: 'Top spenders' });
    expect(within(top).getByRole('cell', { name: 'u-bob' })).toBeInTheDocument();
    expect(asked(calls, '/admin/usage/top')[0]?.query.get('by')).toBe('user');

    await user.type(screen.getByRole('textbox', { name: 'Only this user (user ID)' }), 'u-bob');
    await waitFor(() => {
      expect(asked(calls, '/admin/usage/summary').at(-1)?.query.get('user_id')).toBe('u-bob');
    });
    await expectNoSeriousViolations();
  });

  it('does not offer everyone’s usage to a plain user', async () => {
    usageApi();
    renderLoggedIn('/usage');
    expect(await screen.findByText('$1.2345')).toBeInTheDocument();
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
  });
});

describe('usage ranges', () => {
  it('are whole UTC days, the last one included', () => {
    const range = lastDays(7, Date.parse('2026-03-01T23:59:00Z'));
    expect(range).toEqual({ fromDay: '2026-02-23', toDay: '2026-03-01' });
    expect(instants(range)).toEqual({ from: '2026-02-23T00:00:00Z', to: '2026-03-02T00:00:00Z' });
    expect(granularityFor(range)).toBe('day');
    expect(granularityFor({ fromDay: '2026-03-01', toDay: '2026-03-02' })).toBe('hour');
  });

  it('are refused before asking when the service would refuse them', () => {
    expect(rangeProblem({ fromDay: '2026-02-30', toDay: '2026-03-01' })).toBe('invalid');
    expect(rangeProblem({ fromDay: '2026-03-02', toDay: '2026-03-01' })).toBe('reversed');
    expect(rangeProblem({ fromDay: '2025-01-01', toDay: '2026-01-02' })).toBe('tooLong');
    expect(rangeProblem({ fromDay: '2025-01-01', toDay: '2026-01-01' })).toBeNull();
  });
});
