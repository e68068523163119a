import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Page } from './types';

/** A user as auth's admin API shows it (`UserOut`). */
export interface AdminUser {
  id: string;
  username: string;
  email: string | null;
  full_name: string | null;
  /** effective: hand-granted, from provider groups, and `user` */
  roles: string[];
  /** granted by hand by an admin: what `PUT .../roles` sets */
  admin_roles: string[];
  /** from the identity provider's groups at the last login */
  group_roles: string[];
  active: boolean;
  created_at: string;
}

export const ROLES = ['user', 'admin-readonly', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface UserSearch {
  search: string;
  page: number;
  pageSize: number;
}

export function useAdminUsers({ search, page, pageSize }: UserSearch) {
  return useQuery({
    queryKey: ['admin', 'users', search, page, pageSize],
    queryFn: () =>
      api<Page<AdminUser>>('/admin/users', { query: { search, page, page_size: pageSize } }),
    placeholderData: keepPreviousData,
  });
}

/** Usernames by user id, for screens whose rows name only a `user_id` (subscriptions): the ids
 * of one page (at most 100) asked for at once (`?id=`); an id no user has shows as itself. */
export function useUserNames(ids: string[]) {
  const wanted = [...new Set(ids)].sort();
  return useQuery({
    queryKey: ['admin', 'users', 'names', wanted],
    staleTime: 60_000,
    enabled: wanted.length > 0,
    queryFn: async () => {
      const found = await api<Page<AdminUser>>('/admin/users', {
        query: { id: wanted, page_size: wanted.length },
      });
      return new Map(found.items.map((user) => [user.id, user.username]));
    },
    placeholderData: keepPreviousData,
  });
}

function userPath(id: string): string {
  return `/admin/users/${encodeURIComponent(id)}`;
}

export function useSetRoles() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, roles }: { id: string; roles: Role[] }) =>
      api<AdminUser>(`${userPath(id)}/roles`, { method: 'PUT', body: { roles } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
}

export type Activation = 'deactivate' | 'reactivate';

export function useSetActive() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: Activation; reason: string }) =>
      api<AdminUser>(`${userPath(id)}/${action}`, { method: 'POST', body: { reason } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
}
