/** The shapes the services answer with (see each service's /openapi.json). */

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface User {
  id: string;
  username: string;
  email: string | null;
  full_name: string | null;
  roles: string[];
  active: boolean;
}

export interface LoginAnswer {
  access_token: string;
  refresh_token: string;
  user: User;
  notice: string | null;
}

/** Which logins the auth service offers (`GET /api/v1/auth/providers`). */
export interface Providers {
  dev_login: boolean;
  oidc: boolean;
  openshift: boolean;
}

export interface Model {
  id: string;
  provider: string;
  context_length: number | null;
  /** decimal strings (USD per token) */
  input_cost_per_token: string | null;
  output_cost_per_token: string | null;
  capabilities: string[];
  restricted: boolean;
}

export type SubscriptionStatus = 'pending' | 'active' | 'denied' | 'cancelled' | 'suspended';

export interface Subscription {
  id: string;
  model_id: string;
  status: SubscriptionStatus;
  created_at: string;
  updated_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  models: string[];
  key_prefix: string;
  status: string;
  blocked: boolean;
  expires_at: string | null;
  created_at: string;
  /** the secret: only in the answer that creates the key */
  key: string | null;
}
