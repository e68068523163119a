/**
 * Server-sent events at the fetch boundary, beside `mockApi`'s JSON answers: `streams` maps
 * "METHOD /path" to a stream the test writes events into (and can end). Other calls go to the
 * fetch that was stubbed before (`mockApi`). Every streamed request is recorded with its headers.
 */
export interface SseStream {
  send(event: string, data: unknown, id?: string): void;
  end(): void;
  /** the requests that opened this stream, newest last */
  requests: { headers: Headers; body: unknown; signal?: AbortSignal | null }[];
}

export function sseStream(): SseStream {
  const controllers: ReadableStreamDefaultController<Uint8Array>[] = [];
  const encoder = new TextEncoder();
  const stream: SseStream & { open(): ReadableStream<Uint8Array> } = {
    requests: [],
    send(event, data, id) {
      const text = `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      controllers.at(-1)?.enqueue(encoder.encode(text));
    },
    end() {
      controllers.at(-1)?.close();
    },
    open() {
      return new ReadableStream<Uint8Array>({
        start(controller) {
          controllers.push(controller);
        },
      });
    },
  };
  return stream;
}

export function withStreams(streams: Record<string, SseStream>): void {
  const inner = globalThis.fetch;
  globalThis.fetch = (async (input: string, init: RequestInit = {}) => {
    const path = new URL(input, 'http://ui.test').pathname.replace(/^\/api\/v1/, '');
    const stream = streams[`${init.method ?? 'GET'} ${path}`] as
      (SseStream & { open(): ReadableStream<Uint8Array> }) | undefined;
    if (!stream) return inner(input, init);
    stream.requests.push({
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      signal: init.signal,
    });
    return new Response(stream.open(), {
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
    });
  }) as typeof fetch;
}
