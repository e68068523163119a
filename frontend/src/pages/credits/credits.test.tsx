import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../../test/axe';
import { ok, problem } from '../../test/fetchMock';
import { alice, renderLoggedIn } from '../../test/render';
import { formatCredits, toMillicredits } from './millicredits';
import { account, creditsApi, find, grantLine, line } from './testData';

describe('credits page', () => {
  it('shows my balance and my team’s, a low balance as a warning, and the transactions', async () => {
    const calls = creditsApi();
    renderLoggedIn('/credits');
    expect(await screen.findByText('12,345.678 credits')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Your balance' })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Team research' })).toBeInTheDocument();
    expect(screen.getByText('999.500 credits')).toBeInTheDocument();
    expect(screen.getAllByText('Low balance')).toHaveLength(1);
    expect(screen.getByText(/The balance is below 1,000.000 credits/)).toBeInTheDocument();

    const mine = await screen.findByRole('grid', { name: 'Transactions of Your balance' });
    expect(
      within(mine).getByRole('row', { name: /Request -0.019 12,345.008 Request req-8/ }),
    ).toBeVisible();
    expect(within(mine).getByRole('row', { name: /Grant \+20,000.000 .* welcome/ })).toBeVisible();
    const asked = find(calls, 'GET', '/credits/user/u-alice/transactions')[0];
    expect(asked?.query.get('limit')).toBe('20');
    expect(asked?.query.has('before')).toBe(false);
    expect(screen.getByText('No transactions yet.')).toBeInTheDocument();
    // admins alone may move money
    expect(screen.queryByRole('button', { name: /Grant or adjust/ })).not.toBeInTheDocument();
    await expectNoSeriousViolations();
  });

  it('loads older transactions before the oldest one shown', async () => {
    const first = Array.from({ length: 20 }, (_, i) => line(40 - i, -10));
    const calls = creditsApi({
      'GET /credits': () => ok([account('user', alice.id, 5000)]),
      'GET /credits/user/u-alice/transactions': (call) =>
        ok(call.query.get('before') === '21' ? [grantLine] : first),
    });
    renderLoggedIn('/credits');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Load older transactions' }));
    expect(await screen.findByRole('cell', { name: 'welcome' })).toBeInTheDocument();
    expect(screen.getAllByRole('row')).toHaveLength(1 + 21);
    const pages = find(calls, 'GET', '/credits/user/u-alice/transactions');
    expect(pages.map((c) => c.query.get('before'))).toEqual([null, '21']);
    // a short page was the last
    expect(screen.queryByRole('button', { name: 'Load older transactions' })).toBeNull();
  });

  it('says so when nothing is prepaid and no budget applies', async () => {
    creditsApi({ 'GET /credits': () => ok([]), 'GET /budgets': () => ok([]) });
    renderLoggedIn('/credits');
    expect(await screen.findByText('No prepaid credits')).toBeInTheDocument();
    expect(await screen.findByText('No budget applies to you.')).toBeInTheDocument();
    await expectNoSeriousViolations();
  });

  it('shows the service’s detail when the balances cannot be loaded', async () => {
    creditsApi({
      'GET /credits': () => problem(503, 'billing is not ready'),
      'GET /budgets': () => problem(503, 'budgets are not ready'),
    });
    renderLoggedIn('/credits');
    expect(await screen.findByText('billing is not ready')).toBeInTheDocument();
    expect(await screen.findByText('budgets are not ready')).toBeInTheDocument();
  });

  it('lets an admin grant exact millicredits, after checking the amount', async () => {
    const calls = creditsApi({
      'POST /admin/credits/team/t-9/grants': () => ok(account('team', 't-9', 12_345), 201),
    });
    renderLoggedIn('/credits', { ...alice, roles: ['user', 'admin'] });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Grant or adjust credits' }));
    const form = await screen.findByRole('dialog', { name: 'Grant or adjust credits' });
    await user.click(within(form).getByRole('radio', { name: 'A team' }));
    await user.type(within(form).getByRole('textbox', { name: /User or team ID/ }), 't-9');
    await user.type(within(form).getByRole('textbox', { name: /Reason/ }), 'pilot');
    const amount = within(form).getByRole('textbox', { name: /Amount in credits/ });
    const save = within(form).getByRole('button', { name: 'Save' });

    await user.type(amount, '1.2345');
    expect(within(form).getByText(/at most three decimals/)).toBeInTheDocument();
    expect(save).toBeDisabled();
    await user.clear(amount);
    await user.type(amount, '-1');
    expect(within(form).getByText('A grant adds a positive amount.')).toBeInTheDocument();
    await user.clear(amount);
    await user.type(amount, '12.345');
    await expectNoSeriousViolations();
    await user.click(save);

    expect(await screen.findByText('The balance of Team t-9 is now 12.345 credits.')).toBeVisible();
    expect(find(calls, 'POST', '/admin/credits/team/t-9/grants')[0]?.body).toEqual({
      amount_millicredits: 12_345,
      reason: 'pilot',
    });
    // the balances are asked again
    await waitFor(() => {
      expect(find(calls, 'GET', '/credits').length).toBeGreaterThan(1);
    });
  });

  it('shows why an adjustment was refused, from an account’s own button', async () => {
    const calls = creditsApi({
      'POST /admin/credits/user/u-alice/adjustments': () =>
        problem(422, 'the balance cannot go below zero'),
    });
    renderLoggedIn('/credits', { ...alice, roles: ['user', 'admin'] });
    const user = userEvent.setup();
    const open = await screen.findByRole('button', {
      name: 'Grant or adjust credits of Your balance',
    });
    await user.click(open);
    const form = await screen.findByRole('dialog', { name: 'Grant or adjust credits' });
    expect(within(form).getByRole('textbox', { name: /User or team ID/ })).toHaveValue('u-alice');
    await user.click(within(form).getByRole('radio', { name: 'Adjustment (either way)' }));
    await user.type(within(form).getByRole('textbox', { name: /Amount in credits/ }), '-0,5');
    await user.type(within(form).getByRole('textbox', { name: /Reason/ }), 'refund');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText('the balance cannot go below zero')).toBeVisible();
    expect(calls.at(-1)?.body).toEqual({ amount_millicredits: -500, reason: 'refund' });
  });

  it('offers an admin-readonly no way to move money', async () => {
    creditsApi();
    renderLoggedIn('/credits', { ...alice, roles: ['user', 'admin-readonly'] });
    expect(await screen.findByText('12,345.678 credits')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Grant or adjust/ })).not.toBeInTheDocument();
  });
});

describe('millicredits', () => {
  it('are read from credits exactly, with no float drift', () => {
    // as floats these are 1004.9999999999999 and 290.00000000000006
    expect(toMillicredits('1.005')).toBe(1005);
    expect(toMillicredits('0.29')).toBe(290);
    expect(toMillicredits('0.1')).toBe(100);
    expect(toMillicredits('12')).toBe(12_000);
    expect(toMillicredits(' -0,25 ')).toBe(-250);
    expect(toMillicredits('999999999999.999')).toBe(999_999_999_999_999);
  });

  it('refuse what is not a whole number of millicredits', () => {
    ['', 'abc', '1.2345', '1e3', '1.', '.5', '--1', 'NaN'].forEach((typed) => {
      expect(toMillicredits(typed), typed).toBeNull();
    });
  });

  it('are shown as credits with three decimals in the reader’s language', () => {
    expect(formatCredits(12_345, 'en')).toBe('12.345');
    expect(formatCredits(-250, 'en')).toBe('-0.250');
    expect(formatCredits(999_999_999_999_999, 'en')).toBe('999,999,999,999.999');
    expect(formatCredits(1_234_567_890, 'fr')).toBe('1\u202f234\u202f567,890');
    expect(formatCredits(1_000, 'es')).toBe('1,000');
  });

  it('come back unchanged through what people see', () => {
    [1, 7, 99, 100, 1005, 290, 123_456_789, 10 ** 15].forEach((amount) => {
      expect(toMillicredits(formatCredits(amount, 'en').replaceAll(',', ''))).toBe(amount);
    });
  });
});
