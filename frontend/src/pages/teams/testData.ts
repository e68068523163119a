import type { Team, TeamMember } from '../../api/teams';
import type { User } from '../../api/types';
import { alice } from '../../test/render';

/** A platform admin, for the pages' admin-only parts. */
export const root: User = { ...alice, id: 'u-root', username: 'root', roles: ['user', 'admin'] };

export const BOB = '0b0b0b0b-0000-4000-8000-000000000b0b';

export function team(name: string, extra: Partial<Team> = {}): Team {
  return {
    id: `t-${name}`,
    name,
    description: `The ${name} team`,
    max_budget: null,
    budget_duration: null,
    tpm_limit: null,
    rpm_limit: null,
    archived: false,
    member_keys_on_leave: 'keep',
    created_by: alice.id,
    created_at: '2026-11-30T10:00:00Z',
    members: null,
    ...extra,
  };
}

export const owner: TeamMember = { user_id: alice.id, role: 'owner', username: alice.username };
