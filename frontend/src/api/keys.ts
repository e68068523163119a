import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { ApiKey, Page } from './types';

export interface NewKey {
  name: string;
  models: string[];
}

export function useKeys() {
  return useQuery({
    queryKey: ['keys'],
    queryFn: () => api<Page<ApiKey>>('/api-keys', { query: { page_size: 100 } }),
  });
}

export function useCreateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewKey) => api<ApiKey>('/api-keys', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['keys'] }),
  });
}

export function useRevokeKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<ApiKey>(`/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['keys'] }),
  });
}
