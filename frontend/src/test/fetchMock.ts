import { vi } from 'vitest';

/** A recorded call to the API: its method, path (without /api/v1), query and JSON body. */
export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | null;
}

export interface Answer {
  status?: number;
  body?: unknown;
}

type Handler = (call: Call) => Answer | Promise<Answer>;

export function problem(status: number, detail: string): Answer {
  return { status, body: { type: 'about:blank', title: 'Problem', status, detail } };
}

export function ok(body: unknown, status = 200): Answer {
  return { status, body };
}

/**
 * Stands in for the gateway at the fetch boundary: `routes` maps "METHOD /path" to an answer.
 * Anything else is a 404 problem, as the gateway would say. Returns every call made.
 */
export function mockApi(routes: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://ui.test');
    const headers = new Headers(init.headers);
    const call: Call = {
      method: init.method ?? 'GET',
      path: url.pathname.replace(/^\/api\/v1/, ''),
      query: url.searchParams,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: headers.get('authorization'),
    };
    calls.push(call);
    const handler = routes[`${call.method} ${call.path}`];
    const answer = handler ? await handler(call) : problem(404, `no route ${call.path}`);
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), {
      status,
      headers: { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' },
    });
  });
  return calls;
}
