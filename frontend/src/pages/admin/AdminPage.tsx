import { Nav, NavItem, NavList, PageSection } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { isAdmin, useAuth } from '../../auth/context';
import { PageHeader } from '../../components/PageHeader';
import { RouterLink } from '../../components/RouterLink';
import { Empty } from '../../components/states';
import { ApprovalsTab } from './ApprovalsTab';
import { AuditTab } from './AuditTab';
import { ModelsTab } from './ModelsTab';
import { SyncTab } from './SyncTab';
import { TeamsTab } from './TeamsTab';
import { UsersTab } from './UsersTab';

const SECTIONS = [
  { path: 'users', title: 'admin.sections.users', element: <UsersTab /> },
  { path: 'approvals', title: 'admin.sections.approvals', element: <ApprovalsTab /> },
  { path: 'models', title: 'admin.sections.models', element: <ModelsTab /> },
  { path: 'teams', title: 'admin.sections.teams', element: <TeamsTab /> },
  { path: 'sync', title: 'admin.sections.sync', element: <SyncTab /> },
  { path: 'audit', title: 'admin.sections.audit', element: <AuditTab /> },
];

function SectionNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <Nav variant="horizontal-subnav" aria-label={t('admin.sectionsLabel')}>
      <NavList>
        {SECTIONS.map((section) => {
          const path = `/admin/${section.path}`;
          return (
            <NavItem
              key={section.path}
              to={path}
              component={RouterLink}
              isActive={pathname === path || pathname.startsWith(`${path}/`)}
            >
              {t(section.title)}
            </NavItem>
          );
        })}
      </NavList>
    </Nav>
  );
}

/**
 * Administration: users, approvals, models, teams, the sync with LiteLLM and its audit trail.
 * The main nav hides it from people without an admin role; the page says so too (a typed or
 * bookmarked address), and asks nothing of the API for them.
 */
export function AdminPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!isAdmin(user)) {
    return (
      <>
        <PageHeader title={t('admin.title')} />
        <PageSection>
          <Empty title={t('admin.notAllowedTitle')}>{t('admin.notAllowedBody')}</Empty>
        </PageSection>
      </>
    );
  }
  const readonly = !user?.roles.includes('admin');
  return (
    <>
      <PageHeader title={t('admin.title')}>
        {t(readonly ? 'admin.introReadonly' : 'admin.intro')}
      </PageHeader>
      <PageSection type="subnav">
        <SectionNav />
      </PageSection>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        {SECTIONS.map((section) => (
          <Route key={section.path} path={section.path} element={section.element} />
        ))}
        <Route path="*" element={<Navigate to="users" replace />} />
      </Routes>
    </>
  );
}
