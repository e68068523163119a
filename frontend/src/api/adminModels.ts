import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { modelPath } from './models';
import type { Model, Page } from './types';

/** A model as admins see it: with the flags they set and whether LiteLLM still serves it. */
export interface AdminModel extends Model {
  hidden: boolean;
  retired: boolean;
}

export interface ModelFlags {
  restricted?: boolean;
  hidden?: boolean;
}

export interface AdminModelSearch {
  search: string;
  page: number;
  pageSize: number;
}

/**
 * The catalog leaves hidden models out of `GET /models` unless an admin (or admin-readonly)
 * asks with `include_hidden`: without it, a model hidden here would vanish from this list.
 */
export function useAdminModels({ search, page, pageSize }: AdminModelSearch) {
  return useQuery({
    queryKey: ['admin', 'models', search, page, pageSize],
    queryFn: () =>
      api<Page<AdminModel>>('/models', {
        query: { search, page, page_size: pageSize, include_hidden: true },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useFlagModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, flags }: { id: string; flags: ModelFlags }) =>
      api<AdminModel>(`/admin/models/${modelPath(id)}`, { method: 'PATCH', body: flags }),
    // the users' catalog changes too (a hidden model leaves it, a restricted one needs approval)
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['admin', 'models'] }),
        client.invalidateQueries({ queryKey: ['models'] }),
      ]),
  });
}
