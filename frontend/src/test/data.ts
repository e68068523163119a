import type { ApiKey, Model, Page, Subscription } from '../api/types';

export function page<T>(items: T[], total = items.length): Page<T> {
  return { items, total, page: 1, page_size: 20 };
}

export function model(id: string, extra: Partial<Model> = {}): Model {
  return {
    id,
    provider: 'openai',
    context_length: 128000,
    input_cost_per_token: '0.0000025',
    output_cost_per_token: '0.00001',
    capabilities: ['chat'],
    restricted: false,
    ...extra,
  };
}

export function subscription(modelId: string, status: Subscription['status']): Subscription {
  return {
    id: `sub-${modelId}`,
    model_id: modelId,
    status,
    created_at: '2026-11-30T10:00:00Z',
    updated_at: '2026-11-30T10:00:00Z',
  };
}

export function apiKey(name: string, models: string[], extra: Partial<ApiKey> = {}): ApiKey {
  return {
    id: `key-${name}`,
    name,
    models,
    key_prefix: 'sk-litemaa',
    status: 'active',
    blocked: false,
    expires_at: null,
    created_at: '2026-11-30T10:00:00Z',
    key: null,
    ...extra,
  };
}
