import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
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
});
