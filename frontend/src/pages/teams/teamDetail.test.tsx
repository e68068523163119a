import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Key } from '../../api/keys';
import type { Team, TeamMember, TeamRole } from '../../api/teams';
import type { User } from '../../api/types';
import { expectNoSeriousViolations } from '../../test/axe';
import { apiKey, page, subscription } from '../../test/data';
import { mockApi, ok, problem } from '../../test/fetchMock';
import { alice, renderLoggedIn } from '../../test/render';
import { BOB, owner, root, team } from './testData';

const bob: TeamMember = { user_id: BOB, role: 'member', username: 'bob' };

interface MemberIn {
  user_id?: string;
  username?: string;
  role: TeamRole;
}

/** The team `ml` (alice owns it, bob is in it) and the keys service behind it. */
function teamApi(
  members: TeamMember[],
  extra: Partial<Team> = {},
  overrides: Parameters<typeof mockApi>[0] = {},
) {
  let ml = team('ml', { members, tpm_limit: 5000, ...extra });
  const keys: Key[] = [
    { ...apiKey('shared', ['gpt-4o']), team_id: 't-ml' },
    { ...apiKey('mine', ['gpt-4o']), team_id: null },
  ];
  const answer = (changes: Partial<Team>) => {
    ml = { ...ml, ...changes };
    return ok(ml);
  };
  const calls = mockApi({
    'GET /teams/t-ml': () => ok(ml),
    'GET /teams': () => ok([ml]),
    // the keys service narrows by ?team_id=, as the real one does
    'GET /api-keys': (call) => {
      const teamId = call.query.get('team_id');
      return ok(page(keys.filter((key) => teamId === null || key.team_id === teamId)));
    },
    'GET /subscriptions': () => ok(page([subscription('gpt-4o', 'active')])),
    // the auth service finds who has a username (only bob), or takes a user id as given
    'POST /teams/t-ml/members': (call) => {
      const { user_id: userId, username, role } = call.body as MemberIn;
      if (username !== undefined && username !== 'bob')
        return problem(404, `no active user named '${username}'`);
      const added = { user_id: userId ?? BOB, role, username: username ?? null };
      return answer({ members: [...(ml.members ?? []), added] });
    },
    'DELETE /teams/t-ml/members/u-alice': () =>
      answer({ members: (ml.members ?? []).filter((m) => m.user_id !== alice.id) }),
    [`DELETE /teams/t-ml/members/${BOB}`]: () =>
      answer({ members: (ml.members ?? []).filter((m) => m.user_id !== BOB) }),
    [`PUT /teams/t-ml/members/${BOB}`]: (call) =>
      answer({
        members: (ml.members ?? []).map((m) =>
          m.user_id === BOB ? { ...m, ...(call.body as { role: TeamRole }) } : m,
        ),
      }),
    'PATCH /teams/t-ml': (call) => answer((call.body as { limits: Partial<Team> }).limits),
    'POST /teams/t-ml/archive': () => answer({ archived: true }),
    'POST /api-keys': (call) =>
      ok(
        { ...apiKey('new', ['gpt-4o'], { key: 'made-up-team-secret' }), ...(call.body as object) },
        201,
      ),
    ...overrides,
  });
  return calls;
}

async function openTeam(user: User = alice) {
  renderLoggedIn('/teams/t-ml', user);
  await screen.findByRole('heading', { level: 1, name: 'ml' });
  return userEvent.setup();
}

describe('A team’s page', () => {
  it('shows the members by username with their roles, the team’s keys only, and its limits', async () => {
    const calls = teamApi([owner, bob]);
    await openTeam();
    const members = screen.getByRole('grid', { name: 'Members of the team' });
    expect(within(members).getByText('alice (you)')).toBeInTheDocument();
    expect(within(members).getByText('bob')).toBeInTheDocument();
    expect(within(members).queryByText(BOB)).not.toBeInTheDocument();
    // the owner chooses roles; each member's is shown as chosen
    expect(within(members).getByRole('combobox', { name: 'Role of alice' })).toHaveValue('owner');
    expect(within(members).getByRole('combobox', { name: 'Role of bob' })).toHaveValue('member');
    const keys = await screen.findByRole('grid', { name: 'Your API keys' });
    expect(within(keys).getByRole('cell', { name: 'shared' })).toBeInTheDocument();
    expect(within(keys).queryByRole('cell', { name: 'mine' })).not.toBeInTheDocument();
    // the keys service narrows the list to the team's keys
    expect(calls.find((c) => c.path === '/api-keys')?.query.get('team_id')).toBe('t-ml');
    const limits = screen.getByRole('region', { name: 'Team limits' });
    expect(within(limits).getByText('5,000')).toBeInTheDocument();
    // the limits are set by platform admins only
    expect(
      screen.queryByRole('button', { name: 'Edit the team’s limits' }),
    ).not.toBeInTheDocument();
    await expectNoSeriousViolations();
  });

  it('adds a member by username with a role, or shows why no one has it', async () => {
    const calls = teamApi([owner]);
    const user = await openTeam();
    await user.click(screen.getByRole('button', { name: 'Add member' }));
    const form = await screen.findByRole('dialog', { name: 'Add a member' });
    const who = within(form).getByRole('textbox', { name: /Username or user id/ });
    await user.type(who, 'bobby');
    await user.click(within(form).getByRole('button', { name: 'Add member' }));
    expect(await within(form).findByText("no active user named 'bobby'")).toBeInTheDocument();
    expect(within(form).getByText('Could not add the member')).toBeInTheDocument();
    await expectNoSeriousViolations();

    await user.clear(who);
    await user.type(who, ' bob ');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Role' }), 'admin');
    await user.click(within(form).getByRole('button', { name: 'Add member' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    const members = screen.getByRole('grid', { name: 'Members of the team' });
    expect(within(members).getByText('bob')).toBeInTheDocument();
    expect(within(members).getByRole('combobox', { name: 'Role of bob' })).toHaveValue('admin');
    const posts = calls.filter((c) => c.method === 'POST').map((c) => c.body);
    expect(posts).toEqual([
      { username: 'bobby', role: 'member' },
      { username: 'bob', role: 'admin' },
    ]);
    // no lookup among all users: that is for platform admins only
    expect(calls.some((c) => c.path.startsWith('/admin'))).toBe(false);
  });

  it('adds a member by user id, shown by id until the service names them', async () => {
    const calls = teamApi([owner]);
    const user = await openTeam();
    await user.click(screen.getByRole('button', { name: 'Add member' }));
    const form = await screen.findByRole('dialog', { name: 'Add a member' });
    await user.type(within(form).getByRole('textbox', { name: /Username or user id/ }), BOB);
    await user.click(within(form).getByRole('button', { name: 'Add member' }));

    const members = screen.getByRole('grid', { name: 'Members of the team' });
    expect(await within(members).findByText(BOB)).toBeInTheDocument();
    expect(within(members).getByRole('combobox', { name: `Role of ${BOB}` })).toHaveValue('member');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ user_id: BOB, role: 'member' });
  });

  it('changes a member’s role in place, or says why not', async () => {
    const calls = teamApi(
      [owner, bob],
      {},
      {
        'PUT /teams/t-ml/members/u-alice': () => problem(409, 'a team keeps at least one owner'),
      },
    );
    const user = await openTeam();
    const members = screen.getByRole('grid', { name: 'Members of the team' });
    await user.selectOptions(
      within(members).getByRole('combobox', { name: 'Role of bob' }),
      'admin',
    );
    await waitFor(() => {
      expect(within(members).getByRole('combobox', { name: 'Role of bob' })).toHaveValue('admin');
    });
    const put = calls.find((c) => c.method === 'PUT');
    expect([put?.path, put?.body]).toEqual([`/teams/t-ml/members/${BOB}`, { role: 'admin' }]);

    await user.selectOptions(
      within(members).getByRole('combobox', { name: 'Role of alice' }),
      'member',
    );
    expect(await screen.findByText('a team keeps at least one owner')).toBeInTheDocument();
    expect(screen.getByText('Could not change the role')).toBeInTheDocument();
  });

  it('removes a member after saying what happens to their keys', async () => {
    const calls = teamApi([owner, bob], { member_keys_on_leave: 'revoke' });
    const user = await openTeam();
    await user.click(screen.getByRole('button', { name: 'Remove bob from the team' }));
    const confirm = await screen.findByRole('dialog', { name: 'Remove this member?' });
    expect(
      within(confirm).getByText('bob loses access to the team and its keys.'),
    ).toBeInTheDocument();
    expect(within(confirm).getByText('Team keys they created are revoked.')).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: 'Remove' }));
    await waitFor(() => {
      expect(screen.queryByText('bob')).not.toBeInTheDocument();
    });
    expect(
      calls.some((c) => c.method === 'DELETE' && c.path === `/teams/t-ml/members/${BOB}`),
    ).toBe(true);
  });

  it('lets a member leave, back to the list, or says why not', async () => {
    const calls = teamApi([
      { ...owner, role: 'member' },
      { ...bob, role: 'owner' },
    ]);
    const user = await openTeam();
    // a plain member manages nothing: roles are shown, not offered
    expect(screen.queryByRole('button', { name: 'Add member' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /Role of/ })).not.toBeInTheDocument();
    expect(screen.getByText('Owner')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Archive the team' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Leave the team' }));
    const confirm = await screen.findByRole('dialog', { name: 'Leave this team?' });
    await user.click(within(confirm).getByRole('button', { name: 'Leave the team' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Teams' })).toBeInTheDocument();
    expect(
      calls.some((c) => c.method === 'DELETE' && c.path === '/teams/t-ml/members/u-alice'),
    ).toBe(true);
  });

  it('shows the detail when leaving is refused', async () => {
    teamApi(
      [owner],
      {},
      {
        'DELETE /teams/t-ml/members/u-alice': () => problem(409, 'a team keeps at least one owner'),
      },
    );
    const user = await openTeam();
    await user.click(screen.getByRole('button', { name: 'Leave the team' }));
    const confirm = await screen.findByRole('dialog', { name: 'Leave this team?' });
    await user.click(within(confirm).getByRole('button', { name: 'Leave the team' }));
    expect(await within(confirm).findByText('a team keeps at least one owner')).toBeInTheDocument();
  });

  it('lets a platform admin change the limits', async () => {
    const calls = teamApi([owner]);
    const user = await openTeam(root);
    await user.click(screen.getByRole('button', { name: 'Edit the team’s limits' }));
    const form = await screen.findByRole('dialog', { name: 'The team’s limits' });
    expect(within(form).getByLabelText('Tokens per minute')).toHaveValue('5000');
    await user.clear(within(form).getByLabelText('Tokens per minute'));
    await user.type(within(form).getByLabelText('Maximum budget (USD)'), '40');
    await expectNoSeriousViolations();
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    const limits = screen.getByRole('region', { name: 'Team limits' });
    expect(await within(limits).findByText('$40.00')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      limits: { max_budget: '40', budget_duration: null, tpm_limit: null, rpm_limit: null },
    });
  });

  it('archives the team after asking; an archived team offers no more changes', async () => {
    const calls = teamApi([owner]);
    const user = await openTeam();
    await user.click(screen.getByRole('button', { name: 'Archive the team' }));
    const confirm = await screen.findByRole('dialog', { name: 'Archive this team?' });
    await user.click(within(confirm).getByRole('button', { name: 'Archive' }));

    expect(await screen.findByText(/This team is archived/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add member' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create a team key' })).not.toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/teams/t-ml/archive')).toBe(true);
  });

  it('creates a team key from the team’s page', async () => {
    const calls = teamApi([owner]);
    const user = await openTeam();
    await user.click(await screen.findByRole('button', { name: 'Create a team key' }));
    const form = await screen.findByRole('dialog', { name: 'Create an API key' });
    expect(within(form).getByText('For the team “ml”')).toBeInTheDocument();
    await user.type(within(form).getByRole('textbox', { name: /Name/ }), 'ci');
    await user.click(await within(form).findByRole('checkbox', { name: 'gpt-4o' }));
    await user.click(within(form).getByRole('button', { name: 'Create API key' }));
    await screen.findByRole('dialog', { name: 'Your new key “ci”' });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'ci',
      models: ['gpt-4o'],
      team_id: 't-ml',
    });
  });

  it('shows why a team cannot be shown', async () => {
    mockApi({ 'GET /teams/t-ml': () => problem(404, "no team 't-ml'") });
    renderLoggedIn('/teams/t-ml');
    expect(await screen.findByText("no team 't-ml'")).toBeInTheDocument();
    await expectNoSeriousViolations();
  });
});
