import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../../test/axe';
import { ok, problem } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';
import { budget, creditsApi, find } from './testData';

describe('budgets on the credits page', () => {
  it('shows each budget’s use as a bar and asks for a higher limit', async () => {
    const calls = creditsApi({
      'GET /budgets': () =>
        ok([budget(), budget({ id: 'b-2', scope: 'team', subject_id: 't-1', max_requests: 10 })]),
      'POST /budgets/b-1/increase-requests': (call) =>
        ok(
          {
            id: 'r-1',
            budget_id: 'b-1',
            status: 'pending',
            requested_limit: '25.50',
            ...(call.body as object),
          },
          201,
        ),
    });
    renderLoggedIn('/credits');
    const user = userEvent.setup();
    const bars = await screen.findAllByRole('progressbar', { name: /Spend/ });
    expect(bars[0]).toHaveAttribute('aria-valuenow', '85');
    expect(bars[0]).toHaveAttribute('aria-valuetext', '$8.50 of $10.00');
    // a team's budget past its request quota
    // (its balance and its budget, each under its own section heading)
    expect(await screen.findAllByRole('heading', { name: 'Team research' })).toHaveLength(2);
    expect(screen.getByRole('progressbar', { name: /Requests/ })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );

    await user.click(
      screen.getByRole('button', { name: 'Request a higher limit for Your budget' }),
    );
    const form = await screen.findByRole('dialog', { name: 'Request a higher limit' });
    const limit = within(form).getByRole('textbox', { name: /New hard limit/ });
    await user.type(limit, '5');
    expect(within(form).getByText('Ask for more than the current hard limit.')).toBeVisible();
    await user.clear(limit);
    await user.type(limit, '25.50');
    await user.type(within(form).getByRole('textbox', { name: /Reason/ }), 'a bigger pilot');
    await expectNoSeriousViolations();
    await user.click(within(form).getByRole('button', { name: 'Send the request' }));

    expect(
      await screen.findByText('Your request for $25.50 waits for an administrator.'),
    ).toBeVisible();
    expect(find(calls, 'POST', '/budgets/b-1/increase-requests')[0]?.body).toEqual({
      hard_limit: '25.50',
      reason: 'a bigger pilot',
    });
  });

  it('shows the detail when a request already waits (409)', async () => {
    creditsApi({
      'POST /budgets/b-1/increase-requests': () =>
        problem(409, 'a request for this budget already waits for a decision'),
    });
    renderLoggedIn('/credits');
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole('button', { name: 'Request a higher limit for Your budget' }),
    );
    const form = await screen.findByRole('dialog', { name: 'Request a higher limit' });
    await user.type(within(form).getByRole('textbox', { name: /New hard limit/ }), '20');
    await user.type(within(form).getByRole('textbox', { name: /Reason/ }), 'more');
    await user.click(within(form).getByRole('button', { name: 'Send the request' }));
    expect(
      await within(form).findByText('a request for this budget already waits for a decision'),
    ).toBeVisible();
  });
});
