import { Navigate, Route, Routes } from 'react-router';
import { RequireLogin } from './auth/RequireLogin';
import { AppLayout } from './layout/AppLayout';
import { HomePage } from './pages/HomePage';
import { KeysPage } from './pages/keys/KeysPage';
import { LoginPage } from './pages/login/LoginPage';
import { ProviderCallbackPage } from './pages/login/ProviderCallbackPage';
import { ModelDetailsPage } from './pages/models/ModelDetailsPage';
import { ModelsPage } from './pages/models/ModelsPage';
import { SubscriptionsPage } from './pages/subscriptions/SubscriptionsPage';
import { AdminPage } from './pages/admin/AdminPage';
import { CreditsPage } from './pages/credits/CreditsPage';
import { NotificationsPage } from './pages/notifications/NotificationsPage';
import { PlaygroundPage } from './pages/playground/PlaygroundPage';
import { TeamsPage } from './pages/teams/TeamsPage';
import { UsagePage } from './pages/usage/UsagePage';

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
        <Route path="teams/*" element={<TeamsPage />} />
        <Route path="usage" element={<UsagePage />} />
        <Route path="credits" element={<CreditsPage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="playground" element={<PlaygroundPage />} />
        <Route path="admin/*" element={<AdminPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
