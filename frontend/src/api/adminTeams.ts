import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Team } from './teams';

// auth answers the same `TeamOut` to `?all=true` as to a member's own list
export type { Team } from './teams';

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
