import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Key } from '../../api/keys';
import type { ApiKey } from '../../api/types';
import { expectNoSeriousViolations } from '../../test/axe';
import { apiKey, page, subscription } from '../../test/data';
import { mockApi, ok, problem } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';
import { secretFor } from './secrets';

// a made-up value: the dialog must show it once and then drop it
const SECRET = 'example-secret-shown-once';
const active = [subscription('gpt-4o', 'active'), subscription('llama-3', 'active')];

function keysApi(keys: ApiKey[]) {
  return mockApi({
    'GET /api-keys': () => ok(page(keys)),
    'GET /subscriptions': (call) => ok(page(call.query.get('status') === 'active' ? active : [])),
    'GET /teams': () => ok([]),
    'POST /api-keys': (call) => {
      const body = call.body as { name: string; models: string[] };
      keys.push(apiKey(body.name, body.models));
      return ok(apiKey(body.name, body.models, { key: SECRET }), 201);
    },
    'DELETE /api-keys/key-ci': () => {
      keys.splice(0, 1, apiKey('ci', ['gpt-4o'], { status: 'revoked' }));
      return ok(keys[0]);
    },
  });
}

describe('API keys page', () => {
  it('creates a key for several models and shows its secret once, with a warning', async () => {
    const calls = keysApi([]);
    renderLoggedIn('/api-keys');
    const user = userEvent.setup();
    expect(await screen.findByText('No API keys yet')).toBeInTheDocument();
    await expectNoSeriousViolations();

    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    const form = await screen.findByRole('dialog', { name: 'Create an API key' });
    await user.type(within(form).getByRole('textbox', { name: /Name/ }), 'notebook');
    await user.click(await within(form).findByRole('checkbox', { name: 'gpt-4o' }));
    await user.click(within(form).getByRole('checkbox', { name: 'llama-3' }));
    await expectNoSeriousViolations();
    await user.click(within(form).getByRole('button', { name: 'Create API key' }));

    const reveal = await screen.findByRole('dialog', { name: 'Your new key “notebook”' });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'notebook',
      models: ['gpt-4o', 'llama-3'],
    });
    expect(within(reveal).getByText('Copy this key now')).toBeInTheDocument();
    expect(within(reveal).getByRole('textbox', { name: 'The new API key' })).toHaveValue(SECRET);
    expect(within(reveal).getByRole('button', { name: 'Copy to clipboard' })).toBeInTheDocument();
    // this tab may use the key in the playground: the link names the key, never the secret
    const playground = within(reveal).getByRole('link', { name: 'Use in playground' });
    expect(playground).toHaveAttribute('href', '/playground?key=key-notebook');
    expect(secretFor('key-notebook')).toBe(SECRET);
    await expectNoSeriousViolations();

    await user.click(within(reveal).getByRole('button', { name: 'I have copied the key' }));
    // the list shows the key by its prefix; the secret is nowhere any more
    expect(await screen.findByRole('cell', { name: 'notebook' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('shows why a key was refused and keeps the form', async () => {
    mockApi({
      'GET /api-keys': () => ok(page([])),
      'GET /subscriptions': () => ok(page(active)),
      'GET /teams': () => ok([]),
      'POST /api-keys': () => problem(403, 'no active subscription to llama-3'),
    });
    renderLoggedIn('/api-keys');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Create API key' }));
    const form = await screen.findByRole('dialog', { name: 'Create an API key' });
    await user.type(within(form).getByRole('textbox', { name: /Name/ }), 'ci');
    await user.click(await within(form).findByRole('checkbox', { name: 'llama-3' }));
    await user.click(within(form).getByRole('button', { name: 'Create API key' }));
    expect(await within(form).findByText('no active subscription to llama-3')).toBeInTheDocument();
  });

  it('says a key needs an active subscription first', async () => {
    mockApi({
      'GET /api-keys': () => ok(page([])),
      'GET /subscriptions': () => ok(page([])),
      'GET /teams': () => ok([]),
    });
    renderLoggedIn('/api-keys');
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Create API key' }));
    expect(await screen.findByText('No active subscriptions')).toBeInTheDocument();
  });

  it('revokes a key after asking', async () => {
    const calls = keysApi([apiKey('ci', ['gpt-4o'])]);
    renderLoggedIn('/api-keys');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Revoke the key ci' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke this key?' });
    await user.click(within(confirm).getByRole('button', { name: 'Revoke' }));

    expect(await screen.findByText('Revoked or expired')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api-keys/key-ci')).toBe(true);
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
  });

  it('shows the detail when the keys cannot be loaded', async () => {
    mockApi({ 'GET /api-keys': () => problem(503, 'keys is not ready') });
    renderLoggedIn('/api-keys');
    expect(await screen.findByText('keys is not ready')).toBeInTheDocument();
  });

  it('creates a team key with limits and an expiry', async () => {
    const calls = mockApi({
      'GET /api-keys': () => ok(page([])),
      'GET /subscriptions': () => ok(page(active)),
      'GET /teams': () => ok([{ id: 't-ml', name: 'ml', archived: false }]),
      'POST /api-keys': () => ok(apiKey('batch', ['gpt-4o'], { key: SECRET }), 201),
    });
    renderLoggedIn('/api-keys');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Create API key' }));
    const form = await screen.findByRole('dialog', { name: 'Create an API key' });
    await user.type(within(form).getByRole('textbox', { name: /Name/ }), 'batch');
    await user.click(await within(form).findByRole('checkbox', { name: 'gpt-4o' }));
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Team' }), 'ml');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Expiry' }), '30');
    await user.type(within(form).getByLabelText('Maximum budget (USD)'), '12.50');
    await user.selectOptions(within(form).getByLabelText('Budget period'), '7d');
    await user.type(within(form).getByLabelText('Requests per minute'), '60');
    await expectNoSeriousViolations();
    await user.click(within(form).getByRole('button', { name: 'Create API key' }));

    await screen.findByRole('dialog', { name: 'Your new key “batch”' });
    const body = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    const { expires_at: expiresAt, ...rest } = body;
    expect(rest).toEqual({
      name: 'batch',
      models: ['gpt-4o'],
      team_id: 't-ml',
      max_budget: '12.50',
      budget_duration: '7d',
      rpm_limit: 60,
    });
    const days = (Date.parse(String(expiresAt)) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('shows each key’s budget, expiry and team', async () => {
    const withLimits: Key = {
      ...apiKey('batch', ['gpt-4o'], { expires_at: '2027-01-15T12:00:00Z' }),
      team_id: 't-ml',
      limits: { max_budget: '25.0000', budget_duration: '30d', tpm_limit: null, rpm_limit: 60 },
    };
    mockApi({
      'GET /api-keys': () => ok(page([withLimits, apiKey('laptop', ['llama-3'])])),
      'GET /teams': () => ok([{ id: 't-ml', name: 'ml', archived: false }]),
    });
    renderLoggedIn('/api-keys');
    const batch = (await screen.findByRole('cell', { name: 'batch' })).closest('tr');
    if (!batch) throw new Error('no row');
    expect(within(batch).getByText('$25.00 per 30d')).toBeInTheDocument();
    expect(within(batch).getByText(/Jan 15, 2027/)).toBeInTheDocument();
    expect(await within(batch).findByText('ml')).toBeInTheDocument();
    const laptop = screen.getByRole('cell', { name: 'laptop' }).closest('tr');
    if (!laptop) throw new Error('no row');
    expect(within(laptop).getByText('No limit')).toBeInTheDocument();
    expect(within(laptop).getByText('Never')).toBeInTheDocument();
    expect(within(laptop).getByText('Personal (mine)')).toBeInTheDocument();
  });

  it('rotates a key with the overlap chosen and shows the new secret once', async () => {
    const NEW = 'example-rotated-secret';
    const keys: Key[] = [apiKey('ci', ['gpt-4o'])];
    const calls = mockApi({
      'GET /api-keys': () => ok(page(keys)),
      'GET /teams': () => ok([]),
      'POST /api-keys/key-ci/rotate': () => {
        keys.splice(0, 1, { ...apiKey('ci', ['gpt-4o']), revoke_at: '2026-12-01T10:00:00Z' });
        keys.push({ ...apiKey('ci', ['gpt-4o']), id: 'key-ci-2' });
        return ok({ ...apiKey('ci', ['gpt-4o'], { key: NEW }), id: 'key-ci-2' }, 201);
      },
    });
    renderLoggedIn('/api-keys');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Rotate the key ci' }));
    const ask = await screen.findByRole('dialog', { name: 'Rotate the key “ci”?' });
    expect(within(ask).getByRole('radio', { name: 'For 1 hour' })).toBeChecked();
    await user.click(within(ask).getByRole('radio', { name: 'For 1 day' }));
    await expectNoSeriousViolations();
    await user.click(within(ask).getByRole('button', { name: 'Rotate' }));

    const reveal = await screen.findByRole('dialog', { name: 'The new secret of “ci”' });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ overlap_seconds: 86400 });
    expect(within(reveal).getByText('Copy this key now')).toBeInTheDocument();
    expect(within(reveal).getByRole('textbox', { name: 'The new API key' })).toHaveValue(NEW);
    expect(within(reveal).getByRole('link', { name: 'Use in playground' })).toHaveAttribute(
      'href',
      '/playground?key=key-ci-2',
    );
    expect(secretFor('key-ci-2')).toBe(NEW);
    await user.click(within(reveal).getByRole('button', { name: 'I have copied the key' }));
    // the old key says when it stops and cannot be rotated again
    expect(await screen.findByText(/Stops on/)).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Rotate the key ci' })).toHaveLength(1);
    expect(document.body.innerHTML).not.toContain(NEW);
  });

  it('says why a rotation was refused', async () => {
    mockApi({
      'GET /api-keys': () => ok(page([apiKey('ci', ['gpt-4o'])])),
      'GET /teams': () => ok([]),
      'POST /api-keys/key-ci/rotate': () => problem(409, 'the key is blocked'),
    });
    renderLoggedIn('/api-keys');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Rotate the key ci' }));
    const ask = await screen.findByRole('dialog', { name: 'Rotate the key “ci”?' });
    await user.click(within(ask).getByRole('button', { name: 'Rotate' }));
    expect(await within(ask).findByText('the key is blocked')).toBeInTheDocument();
  });

  it('says it is loading the keys', async () => {
    mockApi({ 'GET /api-keys': () => new Promise(() => undefined) });
    renderLoggedIn('/api-keys');
    expect(await screen.findByRole('progressbar', { name: 'Loading' })).toBeInTheDocument();
  });
});
