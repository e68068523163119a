import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../../test/axe';
import { model, page, subscription } from '../../test/data';
import { mockApi, ok, problem } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';
import { perToken } from '../../api/models';

const catalog = [model('gpt-4o'), model('llama-3', { restricted: true, provider: 'meta' })];

function rowOf(name: string): HTMLElement {
  return screen.getByRole('row', { name: new RegExp(name) });
}

describe('models page', () => {
  it('lists the catalog with prices per million tokens and is accessible', async () => {
    mockApi({
      'GET /models': () => ok(page(catalog, 2)),
      'GET /subscriptions': () => ok(page([])),
    });
    renderLoggedIn('/models');
    expect(await screen.findByRole('link', { name: 'gpt-4o' })).toBeInTheDocument();
    expect(within(rowOf('gpt-4o')).getByText('$2.50')).toBeInTheDocument();
    expect(within(rowOf('llama-3')).getByText('Restricted')).toBeInTheDocument();
    await expectNoSeriousViolations();
  });

  it('searches as you type, from the first page', async () => {
    const calls = mockApi({
      'GET /models': (call) =>
        ok(page(catalog.filter((m) => m.id.includes(call.query.get('search') ?? '')))),
      'GET /subscriptions': () => ok(page([])),
    });
    renderLoggedIn('/models');
    await screen.findByRole('link', { name: 'gpt-4o' });
    await userEvent.setup().type(screen.getByRole('textbox', { name: 'Search models' }), 'llama');

    await waitFor(() => {
      expect(screen.queryByRole('link', { name: 'gpt-4o' })).not.toBeInTheDocument();
    });
    const searched = calls.filter((c) => c.path === '/models').at(-1);
    expect(searched?.query.get('search')).toBe('llama');
    expect(searched?.query.get('page')).toBe('1');
  });

  it('pages through the catalog', async () => {
    const calls = mockApi({
      'GET /models': (call) => ok({ ...page(catalog, 45), page: Number(call.query.get('page')) }),
      'GET /subscriptions': () => ok(page([])),
    });
    renderLoggedIn('/models');
    await screen.findByRole('link', { name: 'gpt-4o' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Go to the next page' }));
    await waitFor(() => {
      expect(
        calls
          .filter((c) => c.path === '/models')
          .at(-1)
          ?.query.get('page'),
      ).toBe('2');
    });
    expect(
      calls
        .filter((c) => c.path === '/models')
        .at(-1)
        ?.query.get('page_size'),
    ).toBe('20');
  });

  it('subscribes: an open model is active at once, a restricted one waits for approval', async () => {
    const subscribed: string[] = [];
    const calls = mockApi({
      'GET /models': () => ok(page(catalog)),
      'GET /subscriptions': () => ok(page(subscribed.map((id) => subscription(id, 'active')))),
      'POST /subscriptions': (call) => {
        const id = (call.body as { model_id: string }).model_id;
        subscribed.push(id);
        return ok(subscription(id, id === 'llama-3' ? 'pending' : 'active'), 201);
      },
    });
    renderLoggedIn('/models');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Subscribe to gpt-4o' }));

    expect(await screen.findByText('You are subscribed to gpt-4o.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ model_id: 'gpt-4o' });
    // the list learns of the new subscription: no second subscribe button for it
    expect(await within(rowOf('gpt-4o')).findByText('Active')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Request access to llama-3' }));
    expect(
      await screen.findByText(
        'Your subscription to llama-3 waits for an administrator’s approval.',
      ),
    ).toBeInTheDocument();
  });

  it('shows why a subscription was refused', async () => {
    mockApi({
      'GET /models': () => ok(page(catalog)),
      'GET /subscriptions': () => ok(page([])),
      'POST /subscriptions': () => problem(409, 'you already have a subscription to gpt-4o'),
    });
    renderLoggedIn('/models');
    await userEvent
      .setup()
      .click(await screen.findByRole('button', { name: 'Subscribe to gpt-4o' }));
    expect(
      await screen.findByText('you already have a subscription to gpt-4o'),
    ).toBeInTheDocument();
  });

  it('says when the catalog is empty, and when it cannot be loaded', async () => {
    mockApi({ 'GET /models': () => ok(page([])), 'GET /subscriptions': () => ok(page([])) });
    const { unmount } = renderLoggedIn('/models');
    expect(await screen.findByText(/The catalog is empty for now/)).toBeInTheDocument();
    unmount();

    mockApi({ 'GET /models': () => problem(503, 'the catalog is starting') });
    renderLoggedIn('/models');
    expect(await screen.findByText('the catalog is starting')).toBeInTheDocument();
    expect(screen.getByText('Could not load the models')).toBeInTheDocument();
  });

  it('shows one model with its pricing and context, a slash in its id included', async () => {
    const calls = mockApi({
      'GET /models/openai/gpt-4o': () => ok(model('openai/gpt-4o')),
      'GET /subscriptions': () => ok(page([subscription('openai/gpt-4o', 'pending')])),
    });
    renderLoggedIn('/models/openai/gpt-4o');
    expect(await screen.findByText('128,000')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'openai/gpt-4o' })).toBeInTheDocument();
    expect(screen.getByText('$10.00')).toBeInTheDocument();
    expect(await screen.findByText('Pending approval')).toBeInTheDocument();
    expect(calls.map((c) => c.path)).toContain('/models/openai/gpt-4o');
    await expectNoSeriousViolations();
  });

  it('filters by provider, capability and price ceiling, and sorts', async () => {
    const calls = mockApi({
      'GET /models': () => ok(page(catalog)),
      'GET /subscriptions': () => ok(page([])),
    });
    renderLoggedIn('/models');
    await screen.findByRole('link', { name: 'gpt-4o' });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Provider' }), 'meta');
    await user.type(
      screen.getByRole('spinbutton', { name: 'Max input price (per million)' }),
      '2.5',
    );
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Sort by' }),
      'Largest context first',
    );
    await waitFor(() => {
      const last = calls.filter((c) => c.path === '/models').at(-1)?.query;
      expect(last?.get('provider')).toBe('meta');
      expect(last?.get('max_input_cost')).toBe('0.0000025');
      expect(last?.get('sort')).toBe('-context_length');
      expect(last?.get('page')).toBe('1');
    });
    await expectNoSeriousViolations();
  });
});

describe('prices per million tokens to the API’s price per token', () => {
  it.each([
    ['2.5', '0.0000025'],
    ['0', '0'],
    ['15', '0.000015'],
    ['1000000', '1'],
    ['1234567.5', '1.2345675'],
    ['0.01', '0.00000001'],
  ])('%s → %s', (typed, sent) => {
    expect(perToken(typed)).toBe(sent);
  });

  it.each(['', 'abc', '-1', '1e3', '2.'])('%j is not a price: no filter', (typed) => {
    expect(perToken(typed)).toBeUndefined();
  });
});
