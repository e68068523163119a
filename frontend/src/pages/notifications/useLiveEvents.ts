import { fetchEventSource } from '@microsoft/fetch-event-source';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { LiveNotice } from '../../api/notifications';
import { session } from '../../api/session';

/** Refused at open (401, 429, not an event stream): wait for new tokens, do not hammer. */
class Refused extends Error {}
/** The server ended the stream (token checked again, a restart): come back after a pause. */
class Ended extends Error {}

const RETRY_MS = 5000;
const KEPT = 50;

// The notices heard in this tab, newest first: the toasts and the notifications page share them.
let heard: LiveNotice[] = [];
const listeners = new Set<() => void>();

function remember(notice: LiveNotice): boolean {
  if (heard.some((known) => known.id === notice.id)) return false;
  heard = [notice, ...heard].slice(0, KEPT);
  listeners.forEach((listener) => {
    listener();
  });
  return true;
}

/** The live notices this tab has heard since the login, newest first. */
export function useHeardNotices(): LiveNotice[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => heard,
  );
}

session.subscribe((tokens) => {
  if (tokens === null) heard = [];
});

/**
 * Listens to `GET /api/v1/events` while logged in and calls `onNotice` once per new notice.
 * The connection resumes with `Last-Event-ID` (after a network error, the server ending it,
 * or new tokens), so nothing sent meanwhile is lost or shown twice.
 */
export function useLiveEvents(onNotice: (notice: LiveNotice) => void): void {
  const [tokens, setTokens] = useState(session.tokens());
  const lastId = useRef<string | undefined>(undefined);
  const handler = useRef(onNotice);
  handler.current = onNotice;
  useEffect(() => session.subscribe(setTokens), []);

  useEffect(() => {
    if (!tokens) return undefined;
    const controller = new AbortController();
    const headers: Record<string, string> = {
      authorization: `Bearer ${tokens.accessToken}`,
    };
    if (lastId.current) headers['last-event-id'] = lastId.current;
    fetchEventSource('/api/v1/events', {
      headers,
      signal: controller.signal,
      openWhenHidden: true, // notices still arrive while the tab is in the background
      onopen: async (response) => {
        const type = response.headers.get('content-type') ?? '';
        if (!response.ok || !type.startsWith('text/event-stream')) throw new Refused();
        return Promise.resolve();
      },
      onmessage: (message) => {
        if (message.id) lastId.current = message.id;
        if (message.event !== 'notification') return;
        const notice = JSON.parse(message.data) as LiveNotice;
        if (remember(notice)) handler.current(notice);
      },
      onclose: () => {
        throw new Ended();
      },
      onerror: (error: unknown) => {
        if (error instanceof Refused) throw error;
        return RETRY_MS;
      },
    }).catch(() => {
      // refused: the next tokens (a refresh, a new login) open the stream again
    });
    return () => {
      controller.abort();
    };
  }, [tokens]);
}
