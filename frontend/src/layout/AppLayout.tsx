import {
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  MastheadToggle,
  Page,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  SkipToContent,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import BarsIcon from '@patternfly/react-icons/dist/esm/icons/bars-icon';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { RouterLink } from '../components/RouterLink';
import { LiveNotifications } from '../pages/notifications/LiveNotifications';
import { AppNav } from './AppNav';
import { LanguageSwitch } from './LanguageSwitch';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

const MAIN_ID = 'main-content';

function AppMasthead() {
  const { t } = useTranslation();
  return (
    <Masthead>
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton variant="plain" aria-label={t('masthead.toggleNav')}>
            <BarsIcon />
          </PageToggleButton>
        </MastheadToggle>
        <MastheadBrand>
          <MastheadLogo component={RouterLink} href="/">
            {t('app.name')}
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight>
          <ToolbarContent>
            <ToolbarGroup align={{ default: 'alignEnd' }}>
              <ToolbarItem>
                <LanguageSwitch />
              </ToolbarItem>
              <ToolbarItem>
                <ThemeToggle />
              </ToolbarItem>
              <ToolbarItem>
                <UserMenu />
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
}

/** The one frame of every page after login: masthead, nav and the page in the middle. */
export function AppLayout() {
  const { t } = useTranslation();
  return (
    <Page
      masthead={<AppMasthead />}
      sidebar={
        <PageSidebar>
          <PageSidebarBody>
            <AppNav />
          </PageSidebarBody>
        </PageSidebar>
      }
      isManagedSidebar
      mainContainerId={MAIN_ID}
      skipToContent={<SkipToContent href={`#${MAIN_ID}`}>{t('app.skipToContent')}</SkipToContent>}
    >
      <Outlet />
      <LiveNotifications />
    </Page>
  );
}
