import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

export interface TeamMember {
  user_id: string;
  role: string;
  username: string | null;
}

/** A team as auth answers it (`TeamOut`); budgets are decimal strings. */
export interface Team {
  id: string;
  name: string;
  description: string;
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

/** Every team on the platform (auth answers `?all=true` only for admins and admin-readonly). */
export function useAllTeams() {
  return useQuery({
    queryKey: ['admin', 'teams'],
    queryFn: () => api<Team[]>('/teams', { query: { all: true } }),
  });
}

export function useArchiveTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<Team>(`/teams/${encodeURIComponent(id)}/archive`, { method: 'POST' }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['admin', 'teams'] }),
        client.invalidateQueries({ queryKey: ['teams'] }),
      ]),
  });
}
