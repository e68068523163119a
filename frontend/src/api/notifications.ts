import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

/** One in-app notification kept by billing (budget alerts, decisions on budget requests). */
export interface Notification {
  id: number;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  created_at: string;
  read_at: string | null;
}

export interface Notifications {
  items: Notification[];
  unread: number;
}

/** A live notice from the gateway's `GET /api/v1/events` (server-sent events). */
export interface LiveNotice {
  /** the event's id (one notice per event, however often it was delivered) */
  id: string;
  type: string;
  params: Record<string, string>;
  at: string;
  /** `me`, or `admins` for what every administrator hears (sync conflicts) */
  audience: 'me' | 'admins';
}

export function useNotifications(unreadOnly: boolean) {
  return useQuery({
    queryKey: ['notifications', unreadOnly],
    queryFn: () => api<Notifications>('/notifications', { query: { unread: unreadOnly } }),
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number | 'all') =>
      api<{ marked: number }>(
        id === 'all' ? '/notifications/read-all' : `/notifications/${id}/read`,
        {
          method: 'POST',
        },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
