import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { NewTeam, Team } from '../../api/teams';
import { expectNoSeriousViolations } from '../../test/axe';
import { mockApi, ok, problem } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';
import { owner, root, team } from './testData';

function teamsApi(teams: Team[]) {
  return mockApi({
    'GET /teams': () => ok(teams),
    'POST /teams': (call) => {
      const body = call.body as NewTeam;
      const made = team('new', { name: body.name, members: [owner] });
      teams.push(made);
      return ok(made, 201);
    },
    'GET /teams/t-new': () => ok(teams.find((one) => one.id === 't-new')),
    'GET /api-keys': () => ok({ items: [], total: 0, page: 1, page_size: 100 }),
  });
}

describe('Teams page', () => {
  it('lists my teams, each a link to its page', async () => {
    const calls = teamsApi([
      team('ml', { max_budget: '250.0000', budget_duration: '30d' }),
      team('old', { archived: true }),
    ]);
    renderLoggedIn('/teams');
    const table = await screen.findByRole('grid', { name: 'Teams' });
    expect(within(table).getByRole('link', { name: 'ml' })).toHaveAttribute('href', '/teams/t-ml');
    expect(within(table).getByText('$250.00 per 30d')).toBeInTheDocument();
    expect(within(table).getByText('Archived')).toBeInTheDocument();
    // an ordinary user sees only their teams: no switch, no ?all
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
    expect(calls.find((c) => c.path === '/teams')?.query.has('all')).toBe(false);
    await expectNoSeriousViolations();
  });

  it('lets an admin show every team (?all=true)', async () => {
    const calls = teamsApi([team('ml')]);
    renderLoggedIn('/teams', root);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('switch', { name: 'Show every team' }));
    await screen.findByRole('grid', { name: 'Teams' });
    expect(calls.some((c) => c.path === '/teams' && c.query.get('all') === 'true')).toBe(true);
    await expectNoSeriousViolations();
  });

  it('creates a team and opens its page (no limits for an ordinary user)', async () => {
    const calls = teamsApi([]);
    renderLoggedIn('/teams');
    const user = userEvent.setup();
    expect(await screen.findByText('No teams yet')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create team' }));
    const form = await screen.findByRole('dialog', { name: 'Create a team' });
    expect(within(form).queryByLabelText('Tokens per minute')).not.toBeInTheDocument();
    await user.type(within(form).getByRole('textbox', { name: /Name/ }), 'research');
    await user.type(within(form).getByRole('textbox', { name: 'Description' }), 'Papers');
    await expectNoSeriousViolations();
    await user.click(within(form).getByRole('button', { name: 'Create team' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'research' })).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'research',
      description: 'Papers',
    });
  });

  it('lets an admin give a new team limits, and checks them before sending', async () => {
    const calls = teamsApi([]);
    renderLoggedIn('/teams', root);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Create team' }));
    const form = await screen.findByRole('dialog', { name: 'Create a team' });
    await user.type(within(form).getByRole('textbox', { name: /Name/ }), 'gpu');
    await user.type(within(form).getByLabelText('Maximum budget (USD)'), '100.5');
    await user.selectOptions(within(form).getByLabelText('Budget period'), '30d');
    await user.type(within(form).getByLabelText('Tokens per minute'), '1e3');
    const create = within(form).getByRole('button', { name: 'Create team' });
    expect(within(form).getByText(/A whole number from 0/)).toBeInTheDocument();
    expect(create).toBeDisabled();
    await user.clear(within(form).getByLabelText('Tokens per minute'));
    await user.type(within(form).getByLabelText('Tokens per minute'), '1000');
    await user.click(create);

    await screen.findByRole('heading', { level: 1, name: 'gpu' });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'gpu',
      description: '',
      limits: { max_budget: '100.5', budget_duration: '30d', tpm_limit: 1000 },
    });
  });

  it('shows why a team was refused and keeps the form', async () => {
    mockApi({
      'GET /teams': () => ok([]),
      'POST /teams': () => problem(409, "a team named 'ml' exists"),
    });
    renderLoggedIn('/teams');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Create team' }));
    const form = await screen.findByRole('dialog', { name: 'Create a team' });
    await user.type(within(form).getByRole('textbox', { name: /Name/ }), 'ml');
    await user.click(within(form).getByRole('button', { name: 'Create team' }));
    expect(await within(form).findByText("a team named 'ml' exists")).toBeInTheDocument();
  });

  it('says it is loading, then why the teams cannot be loaded', async () => {
    let answer: (value: ReturnType<typeof problem>) => void = () => undefined;
    mockApi({ 'GET /teams': () => new Promise((resolve) => (answer = resolve)) });
    renderLoggedIn('/teams');
    expect(await screen.findByRole('progressbar', { name: 'Loading' })).toBeInTheDocument();
    answer(problem(503, 'auth is not ready'));
    expect(await screen.findByText('auth is not ready')).toBeInTheDocument();
    expect(screen.getByText('Could not load the teams')).toBeInTheDocument();
  });
});
