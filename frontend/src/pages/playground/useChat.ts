import { useRef, useState } from 'react';
import { streamChat, type ChatEnd, type ChatMessage, type ChatRequest } from '../../api/playground';

export interface Chat {
  messages: ChatMessage[];
  /** the answer being written (empty when none is) */
  partial: string;
  busy: boolean;
  stopped: boolean;
  end: ChatEnd | null;
  error: unknown;
  send: (request: Omit<ChatRequest, 'messages'>, secret: string, prompt: string) => void;
  stop: () => void;
  clear: () => void;
}

/** One conversation: each answer streamed into `partial`, then kept in `messages`. */
export function useChat(): Chat {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [partial, setPartial] = useState('');
  const [busy, setBusy] = useState(false);
  const [stopped, setStopped] = useState(false);
  const [end, setEnd] = useState<ChatEnd | null>(null);
  const [error, setError] = useState<unknown>(null);
  const controller = useRef<AbortController | null>(null);

  const send: Chat['send'] = (request, secret, prompt) => {
    const asked = [...messages, { role: 'user' as const, content: prompt }];
    const abort = new AbortController();
    controller.current = abort;
    setMessages(asked);
    setBusy(true);
    setStopped(false);
    setEnd(null);
    setError(null);
    let written = '';
    streamChat({ ...request, messages: asked }, secret, abort.signal, (text) => {
      written += text;
      setPartial(written);
    })
      .then((finished) => {
        setEnd(abort.signal.aborted ? null : finished);
      })
      .catch((failure: unknown) => {
        setError(failure);
      })
      .finally(() => {
        if (written) setMessages([...asked, { role: 'assistant', content: written }]);
        setPartial('');
        setBusy(false);
      });
  };
  const stop = () => {
    controller.current?.abort();
    setStopped(true);
  };
  const clear = () => {
    setMessages([]);
    setEnd(null);
    setError(null);
    setStopped(false);
  };
  return { messages, partial, busy, stopped, end, error, send, stop, clear };
}
