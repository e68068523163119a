import type { AdminModel } from '../../api/adminModels';
import type { AdminSubscription } from '../../api/adminSubscriptions';
import type { Team } from '../../api/adminTeams';
import type { AdminUser } from '../../api/adminUsers';
import type { SubscriptionStatus, User } from '../../api/types';
import { alice } from '../../test/render';

/** Test data for the administration area's tests (not shipped: only tests import it). */
export const root: User = { ...alice, id: 'u-root', username: 'root', roles: ['user', 'admin'] };
export const auditor: User = {
  ...alice,
  id: 'u-auditor',
  username: 'auditor',
  roles: ['user', 'admin-readonly'],
};

export function adminUser(username: string, extra: Partial<AdminUser> = {}): AdminUser {
  return {
    id: `u-${username}`,
    username,
    email: `${username}@example.com`,
    full_name: null,
    roles: ['user'],
    admin_roles: ['user'],
    group_roles: [],
    active: true,
    created_at: '2026-11-30T10:00:00Z',
    ...extra,
  };
}

export function adminSub(
  username: string,
  modelId: string,
  status: SubscriptionStatus = 'pending',
): AdminSubscription {
  return {
    id: `s-${username}-${modelId}`,
    user_id: `u-${username}`,
    model_id: modelId,
    status,
    requests_per_month: null,
    tokens_per_month: null,
    created_at: '2026-11-30T10:00:00Z',
    updated_at: '2026-11-30T10:00:00Z',
  };
}

export function adminModel(id: string, extra: Partial<AdminModel> = {}): AdminModel {
  return {
    id,
    provider: 'openai',
    context_length: 128000,
    input_cost_per_token: '0.0000025',
    output_cost_per_token: '0.00001',
    capabilities: ['chat'],
    restricted: false,
    hidden: false,
    retired: false,
    ...extra,
  };
}

export function team(name: string, extra: Partial<Team> = {}): Team {
  return {
    id: `t-${name}`,
    name,
    description: '',
    max_budget: null,
    budget_duration: null,
    tpm_limit: null,
    rpm_limit: null,
    archived: false,
    member_keys_on_leave: 'keep',
    created_by: 'u-alice',
    created_at: '2026-11-30T10:00:00Z',
    members: [{ user_id: 'u-alice', role: 'owner', username: 'alice' }],
    ...extra,
  };
}

/** sync's paging (limit/offset) around `items`. */
export function syncPage<T>(items: T[], total = items.length, limit = 20, offset = 0) {
  return { items, total, limit, offset };
}
