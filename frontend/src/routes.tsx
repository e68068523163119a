import { Navigate, Route, Routes } from 'react-router';
import { RequireLogin } from './auth/RequireLogin';
import { AppLayout } from './layout/AppLayout';
import { HomePage } from './pages/HomePage';
import { KeysPage } from './pages/keys/KeysPage';
import { LoginPage } from './pages/login/LoginPage';
import { ProviderCallbackPage } from './pages/login/ProviderCallbackPage';
import { ModelDetailsPage } from './pages/models/ModelDetailsPage';
import { ModelsPage } from './pages/models/ModelsPage';
import { PlaceholderPage } from './pages/PlaceholderPage';
import { SubscriptionsPage } from './pages/subscriptions/SubscriptionsPage';

/** Pages still to be built; each says in its empty state what it will hold. */
export const PLACEHOLDERS = [
  'teams',
  'usage',
  'credits',
  'notifications',
  'playground',
  'admin',
] as const;

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/login/callback/:provider" element={<ProviderCallbackPage />} />
      <Route
        element={
          <RequireLogin>
            <AppLayout />
          </RequireLogin>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="models" element={<ModelsPage />} />
        <Route path="models/*" element={<ModelDetailsPage />} />
        <Route path="subscriptions" element={<SubscriptionsPage />} />
        <Route path="api-keys" element={<KeysPage />} />
        {PLACEHOLDERS.map((page) => (
          <Route key={page} path={page} element={<PlaceholderPage page={page} />} />
        ))}
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
