import { useAuth } from '../../auth/context';

/** Full admins act; `admin-readonly` sees the same screens without a single action. */
export function useCanAct(): boolean {
  const { user } = useAuth();
  return !!user?.roles.includes('admin');
}
