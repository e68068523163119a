import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { LoginAnswer, Providers } from './types';

export interface DevLogin {
  username: string;
  full_name?: string;
}

const NONE: Providers = { dev_login: true, oidc: false, openshift: false };

/** The logins to offer; while auth cannot say, only the development form is shown. */
export function useProviders() {
  return useQuery({
    queryKey: ['auth', 'providers'],
    queryFn: () => api<Providers>('/auth/providers').catch(() => NONE),
    staleTime: Infinity,
  });
}

export function useDevLogin() {
  return useMutation({
    mutationFn: (body: DevLogin) => api<LoginAnswer>('/auth/dev-login', { method: 'POST', body }),
  });
}

export function useProviderCallback(provider: string) {
  return useMutation({
    mutationFn: (body: { code: string; state: string }) =>
      api<LoginAnswer>(`/auth/${provider}/callback`, { method: 'POST', body }),
  });
}

/** Starts a provider's login; the provider sends the browser back to /login/callback/<name>. */
export function providerLoginUrl(provider: string): string {
  const back = `${window.location.origin}/login/callback/${provider}`;
  return `/api/v1/auth/${provider}/login?redirect_uri=${encodeURIComponent(back)}`;
}
