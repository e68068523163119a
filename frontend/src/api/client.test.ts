import { describe, expect, it } from 'vitest';
import { mockApi, ok, problem } from '../test/fetchMock';
import { api } from './client';
import { ApiError } from './errors';
import { session } from './session';

describe('api client', () => {
  it('refreshes an expired token once and retries with the new one', async () => {
    let first = true;
    const calls = mockApi({
      'GET /models': (call) =>
        call.authorization === 'Bearer new' ? ok({ items: [] }) : problem(401, 'expired'),
      'POST /auth/refresh': () => {
        const answer = first
          ? ok({ access_token: 'new', refresh_token: 'r2' })
          : problem(401, 'used');
        first = false;
        return answer;
      },
    });
    session.set({ accessToken: 'old', refreshToken: 'r1' });

    // two calls at once share one refresh (a refresh token works once)
    await Promise.all([api('/models'), api('/models')]);

    expect(calls.filter((c) => c.path === '/auth/refresh')).toHaveLength(1);
    expect(session.tokens()).toEqual({ accessToken: 'new', refreshToken: 'r2' });
  });

  it('throws the problem detail, with the query string built from set values only', async () => {
    const calls = mockApi({ 'GET /models': () => problem(422, 'page: must be at most 10000') });
    const error = await api('/models', { query: { page: 99999, search: '', x: undefined } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, detail: 'page: must be at most 10000' });
    expect(calls[0]?.query.toString()).toBe('page=99999');
  });
});
