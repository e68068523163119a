import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../../test/axe';
import { page } from '../../test/data';
import { mockApi, ok, problem } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';
import { adminModel, auditor, root } from './fixtures';

const hidden = adminModel('openai/gpt-4o', { hidden: true, restricted: true });
const open = adminModel('llama-3');

describe('admin: models', () => {
  it('asks the catalog for hidden models too, and is accessible', async () => {
    const calls = mockApi({ 'GET /models': () => ok(page([hidden, open])) });
    renderLoggedIn('/admin/models', root);
    expect(await screen.findByRole('switch', { name: 'Hide openai/gpt-4o' })).toBeChecked();
    expect(screen.getByRole('switch', { name: 'Restrict openai/gpt-4o' })).toBeChecked();
    expect(screen.getByRole('switch', { name: 'Hide llama-3' })).not.toBeChecked();
    expect(calls[0]?.query.get('include_hidden')).toBe('true');
    await expectNoSeriousViolations();
  });

  it('flips a flag with PATCH on the model (ids with slashes included)', async () => {
    let models = [hidden, open];
    const calls = mockApi({
      'GET /models': () => ok(page(models)),
      'PATCH /admin/models/openai/gpt-4o': () => {
        models = [{ ...hidden, hidden: false }, open];
        return ok(models[0]);
      },
    });
    renderLoggedIn('/admin/models', root);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('switch', { name: 'Hide openai/gpt-4o' }));
    await waitFor(() => {
      expect(screen.getByRole('switch', { name: 'Hide openai/gpt-4o' })).not.toBeChecked();
    });
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ hidden: false });
  });

  it('shows why a flag was refused', async () => {
    mockApi({
      'GET /models': () => ok(page([open])),
      'PATCH /admin/models/llama-3': () => problem(404, "no model named 'llama-3'"),
    });
    renderLoggedIn('/admin/models', root);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('switch', { name: 'Restrict llama-3' }));
    expect(await screen.findByText("no model named 'llama-3'")).toBeInTheDocument();
    expect(screen.getByText('The model was not changed')).toBeInTheDocument();
  });

  it('shows a read-only admin the flags as text', async () => {
    mockApi({ 'GET /models': () => ok(page([hidden])) });
    renderLoggedIn('/admin/models', auditor);
    const row = await screen.findByRole('row', { name: /gpt-4o/ });
    expect(within(row).queryByRole('switch')).toBeNull();
    expect(within(row).getAllByText('Yes')).toHaveLength(2);
  });

  it('says when the catalog is empty, and shows a failure', async () => {
    mockApi({ 'GET /models': () => ok(page([])) });
    const { unmount } = renderLoggedIn('/admin/models', root);
    expect(await screen.findByText(/sync has not found a model/)).toBeInTheDocument();
    unmount();
    mockApi({ 'GET /models': () => problem(503, 'catalog is away') });
    renderLoggedIn('/admin/models', root);
    expect(await screen.findByText('catalog is away')).toBeInTheDocument();
  });
});
