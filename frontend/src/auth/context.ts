import { createContext, useContext } from 'react';
import type { LoginAnswer, User } from '../api/types';

export interface Auth {
  user: User | null;
  logIn: (answer: LoginAnswer) => void;
  logOut: () => Promise<void>;
}

export const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}

export function isAdmin(user: User | null): boolean {
  return !!user && (user.roles.includes('admin') || user.roles.includes('admin-readonly'));
}
