import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';

export const ENTITY_TYPES = ['user', 'team', 'key'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
/** what sync's audit trail records writes for (contracts' sync.EntityType) */
export const AUDIT_ENTITY_TYPES = [
  'user',
  'team',
  'team_member',
  'key',
  'model',
  'budget',
] as const;

/** sync's pages: `limit` and `offset`, not page numbers. */
export interface SyncPage<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** One difference the last reconcile of its entity type found, and what it decided. */
export interface Drift {
  entity_type: string;
  entity_id: string;
  field: string;
  ours: string;
  theirs: string;
  policy: string;
  decision: string;
  detected_at: string;
}

/** A full reconcile cycle's result (kept in memory by sync: null until one ran). */
export interface Cycle {
  conflicts: number;
  drift_by_entity_type: Record<string, number>;
  decisions: Record<string, number>;
  litellm_writes: number;
  finished_at: string;
  duration_seconds: number;
  skipped?: string;
}

export interface DriftReport {
  counts: Record<string, number>;
  items: Drift[];
  last_cycle: Cycle | null;
}

export interface Conflict extends Drift {
  conflict_id: string;
  before: string;
  after: string;
}

export interface AuditRecord {
  entity_type: string;
  entity_id: string;
  action: string;
  detail: string;
  source_event_type: string;
  applied_at: string;
}

export interface ConflictFilter {
  entity_type?: EntityType;
  decision?: string;
  limit: number;
  offset: number;
}

export interface AuditFilter {
  entity_type?: string;
  limit: number;
  offset: number;
}

export function useDrift() {
  return useQuery({
    queryKey: ['admin', 'sync', 'drift'],
    queryFn: () => api<DriftReport>('/admin/sync/drift'),
  });
}

/** The gateway's readiness of every service (`sync` among them); anyone may read it. */
export function useServiceStatus() {
  return useQuery({
    queryKey: ['status'],
    queryFn: () => api<Record<string, string>>('/status'),
  });
}

export function useConflicts(filter: ConflictFilter) {
  return useQuery({
    queryKey: ['admin', 'sync', 'conflicts', filter],
    queryFn: () => api<SyncPage<Conflict>>('/admin/sync/conflicts', { query: { ...filter } }),
    placeholderData: keepPreviousData,
  });
}

export function useAudit(filter: AuditFilter) {
  return useQuery({
    queryKey: ['admin', 'sync', 'audit', filter],
    queryFn: () => api<SyncPage<AuditRecord>>('/admin/sync/audit', { query: { ...filter } }),
    placeholderData: keepPreviousData,
  });
}

export function useReconcile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<Cycle>('/admin/sync/reconcile', { method: 'POST', body: {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'sync'] }),
  });
}

/** Counts of what one pull changed in the catalog. */
export interface ModelPull {
  discovered: number;
  updated: number;
  retired: number;
}

export function usePullModels() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<ModelPull>('/admin/sync/models', { method: 'POST' }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['admin', 'sync'] }),
        client.invalidateQueries({ queryKey: ['admin', 'models'] }),
      ]),
  });
}
