import { fetchEventSource } from '@microsoft/fetch-event-source';
import { ApiError, errorOf } from './errors';
import { session } from './session';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  key_id: string;
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  temperature?: number;
}

export interface ChatEnd {
  finish_reason?: string;
  usage?: Record<string, number>;
}

/** Never retried: a chat that failed is shown as failed, not sent again behind the user's back. */
class Stop extends Error {}

/**
 * `POST /api/v1/playground/chat`: the answer streamed token by token into `onToken`. The key's
 * secret goes in a header, never in the URL or the body. Resolves with the end (finish reason,
 * usage); rejects with an ApiError (the problem's detail); `signal` stops it (and the gateway
 * cancels LiteLLM's call).
 */
export async function streamChat(
  request: ChatRequest,
  secret: string,
  signal: AbortSignal,
  onToken: (text: string) => void,
): Promise<ChatEnd> {
  let end: ChatEnd = {};
  let failure: ApiError | null = null;
  await fetchEventSource('/api/v1/playground/chat', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${session.tokens()?.accessToken ?? ''}`,
      'x-litemaas-key': secret,
    },
    body: JSON.stringify(request),
    signal,
    openWhenHidden: true,
    onopen: async (response) => {
      if (
        response.ok &&
        (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
      )
        return;
      failure = await errorOf(response);
      throw new Stop();
    },
    onmessage: (message) => {
      const data = JSON.parse(message.data || '{}') as Record<string, unknown>;
      if (message.event === 'token' && typeof data.content === 'string') onToken(data.content);
      else if (message.event === 'done') end = data;
      else if (message.event === 'error') {
        failure = new ApiError(502, typeof data.detail === 'string' ? data.detail : '');
        throw new Stop();
      }
    },
    onclose: () => {
      // the answer is complete (after `done`) or cut short; either way, not sent again
    },
    onerror: (error: unknown) => {
      throw error;
    },
  }).catch((error: unknown) => {
    if (failure) throw failure;
    throw error;
  });
  return end;
}
