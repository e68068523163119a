import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { LimitsIn } from './keys';

export type TeamRole = 'owner' | 'admin' | 'member';

export interface TeamMember {
  user_id: string;
  role: TeamRole;
  /** what people know each other by; null when the service did not look it up */
  username: string | null;
}

/** How a member is shown: by username, else by user id. */
export const memberName = (member: TeamMember): string => member.username ?? member.user_id;

/** A team as the auth service answers; `members` only when one team is asked for. */
export interface Team {
  id: string;
  name: string;
  description: string;
  /** USD, a decimal string */
  max_budget: string | null;
  budget_duration: string | null;
  tpm_limit: number | null;
  rpm_limit: number | null;
  archived: boolean;
  member_keys_on_leave: 'keep' | 'revoke';
  created_by: string;
  created_at: string;
  members: TeamMember[] | null;
}

export interface NewTeam {
  name: string;
  description?: string;
  /** platform admins only (403 otherwise) */
  limits?: LimitsIn;
}

/** Every limit, `null` for none: a PATCH sets the team's limits to exactly these. */
export interface TeamLimits {
  max_budget: string | null;
  budget_duration: string | null;
  tpm_limit: number | null;
  rpm_limit: number | null;
}

export interface TeamChange {
  name?: string;
  description?: string;
  limits?: TeamLimits;
}

const path = (id: string) => `/teams/${encodeURIComponent(id)}`;

/** My teams, or (`all`, for admins and admin-readonly) every team. */
export function useTeams(all = false) {
  return useQuery({
    queryKey: ['teams', { all }],
    queryFn: () => api<Team[]>('/teams', { query: { all: all || undefined } }),
  });
}

export function useTeam(id: string) {
  return useQuery({ queryKey: ['teams', id], queryFn: () => api<Team>(path(id)) });
}

/** Every team mutation answers with the team: keep it, and refresh the lists. */
function useTeamMutation<T>(call: (input: T) => Promise<Team>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (team) => {
      client.setQueryData(['teams', team.id], team);
      return client.invalidateQueries({ queryKey: ['teams'] });
    },
  });
}

export function useCreateTeam() {
  return useTeamMutation((body: NewTeam) => api<Team>('/teams', { method: 'POST', body }));
}

export function useChangeTeam(id: string) {
  return useTeamMutation((body: TeamChange) => api<Team>(path(id), { method: 'PATCH', body }));
}

export function useArchiveTeam(id: string) {
  return useTeamMutation(() => api<Team>(`${path(id)}/archive`, { method: 'POST' }));
}

/** User ids are UUIDs; anything else the UI takes for a username. */
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NewMember {
  /** a user id, or a username (the service answers 404 when no active user has it) */
  user: string;
  role: TeamRole;
}

export function useAddMember(id: string) {
  return useTeamMutation(({ user, role }: NewMember) =>
    api<Team>(`${path(id)}/members`, {
      method: 'POST',
      body: USER_ID.test(user) ? { user_id: user, role } : { username: user, role },
    }),
  );
}

/** A member's new role, in place (`PUT .../members/{user_id}`): nothing else changes. */
export function useChangeRole(id: string) {
  return useTeamMutation(({ user_id: userId, role }: Pick<TeamMember, 'user_id' | 'role'>) =>
    api<Team>(`${path(id)}/members/${encodeURIComponent(userId)}`, {
      method: 'PUT',
      body: { role },
    }),
  );
}

export function useRemoveMember(id: string) {
  return useTeamMutation((userId: string) =>
    api<Team>(`${path(id)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
  );
}
