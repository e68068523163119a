/**
 * The login's tokens, kept in memory only: a reload or a new tab logs in again, and no script
 * can read them from storage.
 */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

type Listener = (tokens: Tokens | null) => void;

let current: Tokens | null = null;
const listeners = new Set<Listener>();

export const session = {
  tokens(): Tokens | null {
    return current;
  },
  set(tokens: Tokens | null): void {
    current = tokens;
    listeners.forEach((listener) => {
      listener(tokens);
    });
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
