import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Model, Page } from './types';

/** The catalog's filters as the page holds them (prices per million tokens, as typed). */
export interface ModelFilter {
  provider: string;
  capability: string;
  maxInput: string;
  maxOutput: string;
  sort: string;
}

export const NO_FILTER: ModelFilter = {
  provider: '',
  capability: '',
  maxInput: '',
  maxOutput: '',
  sort: 'name',
};

export interface ModelSearch {
  search: string;
  page: number;
  pageSize: number;
  filter?: ModelFilter;
}

/** A price per million tokens as typed → the API's price per token, exactly (decimal text:
 * the decimal point moves six places, no floating-point division). */
export function perToken(perMillion: string): string | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(perMillion.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  const decimals = fraction.length + 6;
  const digits = `${match[1] ?? ''}${fraction}`.padStart(decimals + 1, '0');
  const whole = digits.slice(0, -decimals).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(-decimals).replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole;
}

/** A model id may hold slashes (`openai/gpt-4o`); the catalog's route takes them as a path. */
export function modelPath(id: string): string {
  return id.split('/').map(encodeURIComponent).join('/');
}

export function useModels({ search, page, pageSize, filter = NO_FILTER }: ModelSearch) {
  const query = {
    search,
    page,
    page_size: pageSize,
    provider: filter.provider || undefined,
    capability: filter.capability || undefined,
    max_input_cost: perToken(filter.maxInput),
    max_output_cost: perToken(filter.maxOutput),
    sort: filter.sort === 'name' ? undefined : filter.sort,
  };
  return useQuery({
    queryKey: ['models', query],
    queryFn: () => api<Page<Model>>('/models', { query }),
    placeholderData: keepPreviousData,
  });
}

export function useModel(id: string) {
  return useQuery({
    queryKey: ['models', 'one', id],
    queryFn: () => api<Model>(`/models/${modelPath(id)}`),
  });
}
