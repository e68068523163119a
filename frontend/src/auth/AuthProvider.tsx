import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, tokensOf } from '../api/client';
import { session } from '../api/session';
import type { LoginAnswer, User } from '../api/types';
import { AuthContext } from './context';

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [user, setUser] = useState<User | null>(null);

  // the session ends when a refresh is refused too: forget the user and everything cached
  useEffect(
    () =>
      session.subscribe((tokens) => {
        if (tokens === null) {
          setUser(null);
          client.clear();
        }
      }),
    [client],
  );

  const logIn = useCallback((answer: LoginAnswer) => {
    session.set(tokensOf(answer));
    setUser(answer.user);
  }, []);

  const logOut = useCallback(async () => {
    const refreshToken = session.tokens()?.refreshToken;
    try {
      await api('/auth/logout', { method: 'POST', body: { refresh_token: refreshToken } });
    } finally {
      session.set(null);
    }
  }, []);

  const value = useMemo(() => ({ user, logIn, logOut }), [user, logIn, logOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
