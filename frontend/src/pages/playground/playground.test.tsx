import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../../test/axe';
import { apiKey, page } from '../../test/data';
import { mockApi, ok, problem } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';
import { sseStream, withStreams } from '../../test/sse';
import { forgetSecrets, rememberSecret } from '../keys/secrets';

// made-up secrets: the page must send them in a header only
const HELD = 'made-up-key-held-in-this-tab';
const PASTED = 'made-up-key-pasted-by-hand';
const keys = [
  apiKey('ci', ['gpt-4o', 'llama-3']),
  apiKey('notebook', ['llama-3']),
  apiKey('old', ['gpt-4o'], { status: 'revoked' }),
];

describe('Playground page', () => {
  it('streams the answer token by token with a key whose secret this tab holds', async () => {
    forgetSecrets();
    rememberSecret('key-notebook', HELD);
    mockApi({ 'GET /api-keys': () => ok(page(keys)), 'GET /events': () => problem(404, 'none') });
    const chat = sseStream();
    withStreams({ 'POST /playground/chat': chat });
    renderLoggedIn('/playground?key=key-notebook');
    const user = userEvent.setup();
    expect(await screen.findByRole('combobox', { name: /API key/ })).toHaveValue('key-notebook');
    expect(screen.queryByRole('option', { name: /old/ })).not.toBeInTheDocument(); // revoked
    expect(screen.getByRole('combobox', { name: /Model/ })).toHaveValue('llama-3');
    expect(screen.getByText(/This tab holds this key’s secret/)).toBeInTheDocument();
    await expectNoSeriousViolations();

    await user.type(screen.getByRole('textbox', { name: /Your message/ }), 'Say hello');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => {
      expect(chat.requests).toHaveLength(1);
    });
    const sent = chat.requests[0];
    expect(sent?.headers.get('x-litemaas-key')).toBe(HELD);
    expect(sent?.headers.get('authorization')).toBe('Bearer access-1');
    expect(sent?.body).toEqual({
      key_id: 'key-notebook',
      model: 'llama-3',
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(JSON.stringify(sent?.body)).not.toContain(HELD);

    const answer = screen.getByTestId('answer');
    expect(answer).toHaveAttribute('aria-live', 'polite');
    chat.send('token', { content: 'Hel' });
    expect(await within(answer).findByText('Hel')).toBeInTheDocument();
    chat.send('token', { content: 'lo!' });
    expect(await within(answer).findByText('Hello!')).toBeInTheDocument();
    chat.send('done', { finish_reason: 'stop', usage: { prompt_tokens: 8, completion_tokens: 2 } });
    chat.end();
    expect(await screen.findByText('8 prompt and 2 completion tokens')).toBeInTheDocument();
    expect(screen.getByText('Hello!')).toBeInTheDocument(); // kept in the conversation
    await expectNoSeriousViolations();
  });

  it('asks for the secret when this tab lacks it, and Stop aborts the answer', async () => {
    forgetSecrets();
    mockApi({ 'GET /api-keys': () => ok(page(keys)), 'GET /events': () => problem(404, 'none') });
    const chat = sseStream();
    withStreams({ 'POST /playground/chat': chat });
    renderLoggedIn('/playground');
    const user = userEvent.setup();
    const secret = await screen.findByLabelText(/The key’s secret/);
    await user.type(screen.getByRole('textbox', { name: /Your message/ }), 'hi');
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    await user.type(secret, PASTED);
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => {
      expect(chat.requests).toHaveLength(1);
    });
    expect(chat.requests[0]?.headers.get('x-litemaas-key')).toBe(PASTED);
    chat.send('token', { content: 'Hel' });
    await user.click(await screen.findByRole('button', { name: 'Stop' }));
    expect(chat.requests[0]?.signal?.aborted).toBe(true);
    expect(await screen.findByText(/Stopped/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send' })).toBeInTheDocument();
  });

  it('shows the problem detail of a refused chat, and an empty state without keys', async () => {
    forgetSecrets();
    rememberSecret('key-ci', HELD);
    mockApi({
      'GET /api-keys': () => ok(page(keys)),
      'POST /playground/chat': () => problem(403, 'The secret given is not this key’s.'),
    });
    const { unmount } = renderLoggedIn('/playground');
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: /Your message/ }), 'hi');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('The secret given is not this key’s.')).toBeInTheDocument();
    unmount();

    mockApi({ 'GET /api-keys': () => ok(page([keys[2]])) });
    renderLoggedIn('/playground');
    expect(await screen.findByText('No active key')).toBeInTheDocument();
    await expectNoSeriousViolations();
  });
});
