import { Nav, NavItem, NavList } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { RouterLink } from '../components/RouterLink';
import { isAdmin, useAuth } from '../auth/context';
import { NAV } from './navigation';

function isCurrent(path: string, current: string): boolean {
  return path === '/' ? current === '/' : current === path || current.startsWith(`${path}/`);
}

export function AppNav() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { pathname } = useLocation();
  return (
    <Nav aria-label={t('nav.label')}>
      <NavList>
        {NAV.filter((entry) => !entry.adminOnly || isAdmin(user)).map((entry) => (
          <NavItem
            key={entry.path}
            isActive={isCurrent(entry.path, pathname)}
            to={entry.path}
            component={RouterLink}
          >
            {t(entry.title)}
          </NavItem>
        ))}
      </NavList>
    </Nav>
  );
}
