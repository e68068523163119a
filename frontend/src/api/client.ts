import { errorOf } from './errors';
import { session, type Tokens } from './session';

const BASE = '/api/v1';

/** Query parameters; a list is sent as the parameter repeated (`?id=a&id=b`). */
export type Query = Record<string, string | number | boolean | string[] | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
}

interface TokensAnswer {
  access_token: string;
  refresh_token: string;
}

export function tokensOf(answer: TokensAnswer): Tokens {
  return { accessToken: answer.access_token, refreshToken: answer.refresh_token };
}

function urlOf(path: string, query?: Query): string {
  const params = new URLSearchParams();
  Object.entries(query ?? {}).forEach(([name, value]) => {
    if (Array.isArray(value))
      value.forEach((one) => {
        params.append(name, one);
      });
    else if (value !== undefined && value !== '') params.set(name, String(value));
  });
  const search = params.toString();
  return `${BASE}${path}${search ? `?${search}` : ''}`;
}

function send(path: string, options: RequestOptions, token?: string): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(urlOf(path, options.query), {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

// One refresh at a time: concurrent 401s wait for the same new tokens (a refresh token works once).
let refreshing: Promise<Tokens | null> | null = null;

async function refreshTokens(refreshToken: string): Promise<Tokens | null> {
  const response = await send('/auth/refresh', {
    method: 'POST',
    body: { refresh_token: refreshToken },
  });
  const tokens = response.ok ? tokensOf((await response.json()) as TokensAnswer) : null;
  session.set(tokens);
  return tokens;
}

function refreshOnce(refreshToken: string): Promise<Tokens | null> {
  refreshing ??= refreshTokens(refreshToken).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * Calls `/api/v1<path>` with the session's access token. An expired token is refreshed once
 * and the call retried; if that fails too the session ends (the UI goes back to the login).
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await answer(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A file the API answers (a CSV export), fetched with the session's token like any call:
 * a plain link could not carry the Authorization header. */
export async function apiBlob(path: string, options: RequestOptions = {}): Promise<Blob> {
  return (await answer(path, options)).blob();
}

async function answer(path: string, options: RequestOptions): Promise<Response> {
  const tokens = session.tokens();
  let response = await send(path, options, tokens?.accessToken);
  if (response.status === 401 && tokens) {
    const renewed = await refreshOnce(tokens.refreshToken);
    if (renewed) response = await send(path, options, renewed.accessToken);
    // still refused with fresh tokens: the account was deactivated or its roles changed
    if (response.status === 401) session.set(null);
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}
