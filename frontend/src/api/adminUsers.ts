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

// The API's largest page, and how many of them the name lookup reads at most.
const LARGEST_PAGE = 100;
const NAME_PAGES = 10;

/**
 * Usernames by user id, for screens whose rows name only a `user_id` (subscriptions). auth has
 * no lookup by id, so this reads the directory a page at a time, up to 1,000 users; a user past
 * that shows as their id.
 */
export function useUserNames() {
  return useQuery({
    queryKey: ['admin', 'users', 'names'],
    staleTime: 60_000,
    queryFn: async () => {
      const names = new Map<string, string>();
      for (let page = 1; page <= NAME_PAGES; page += 1) {
        const found = await api<Page<AdminUser>>('/admin/users', {
          query: { page, page_size: LARGEST_PAGE },
        });
        found.items.forEach((user) => names.set(user.id, user.username));
        if (page * LARGEST_PAGE >= found.total) break;
      }
      return names;
    },
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
