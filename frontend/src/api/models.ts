import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Model, Page } from './types';

export interface ModelSearch {
  search: string;
  page: number;
  pageSize: number;
}

/** A model id may hold slashes (`openai/gpt-4o`); the catalog's route takes them as a path. */
export function modelPath(id: string): string {
  return id.split('/').map(encodeURIComponent).join('/');
}

export function useModels({ search, page, pageSize }: ModelSearch) {
  return useQuery({
    queryKey: ['models', search, page, pageSize],
    queryFn: () => api<Page<Model>>('/models', { query: { search, page, page_size: pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function useModel(id: string) {
  return useQuery({
    queryKey: ['models', 'one', id],
    queryFn: () => api<Model>(`/models/${modelPath(id)}`),
  });
}
