import {
  Bullseye,
  Button,
  Card,
  CardBody,
  CardTitle,
  Content,
  Divider,
  Flex,
  PageSection,
  Stack,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { providerLoginUrl, useProviders } from '../../api/auth';
import type { LoginAnswer, Providers } from '../../api/types';
import { useAuth } from '../../auth/context';
import { Loading } from '../../components/states';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { ThemeToggle } from '../../layout/ThemeToggle';
import { DevLoginForm } from './DevLoginForm';

const PROVIDERS = [
  { name: 'oidc', label: 'login.withOidc' },
  { name: 'openshift', label: 'login.withOpenShift' },
] as const;

function ProviderButtons({ providers }: { providers: Providers }) {
  const { t } = useTranslation();
  const offered = PROVIDERS.filter(({ name }) => providers[name]);
  if (offered.length === 0) return null;
  return (
    <Stack hasGutter>
      {offered.map(({ name, label }) => (
        <Button key={name} component="a" href={providerLoginUrl(name)} variant="secondary" isBlock>
          {t(label)}
        </Button>
      ))}
    </Stack>
  );
}

interface ChoicesProps {
  providers: Providers;
  onLoggedIn: (answer: LoginAnswer) => void;
}

function LoginChoices({ providers, onLoggedIn }: ChoicesProps) {
  return (
    <Stack hasGutter>
      <ProviderButtons providers={providers} />
      {providers.dev_login && (providers.oidc || providers.openshift) && <Divider />}
      {providers.dev_login && <DevLoginForm onLoggedIn={onLoggedIn} />}
    </Stack>
  );
}

export function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const { logIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const providers = useProviders();
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  const loggedIn = (answer: LoginAnswer) => {
    logIn(answer);
    void navigate(from, { replace: true, state: { notice: answer.notice } });
  };

  return (
    <main>
      <PageSection isFilled>
        <Flex justifyContent={{ default: 'justifyContentFlexEnd' }}>
          <LanguageSwitch />
          <ThemeToggle />
        </Flex>
        <Bullseye>
          <Card style={{ width: '26rem' }}>
            <CardTitle>
              <Content component="h1">{t('login.title')}</Content>
              <Content component="p">{t('login.subtitle')}</Content>
            </CardTitle>
            <CardBody>
              {providers.data ? (
                <LoginChoices providers={providers.data} onLoggedIn={loggedIn} />
              ) : (
                <Loading />
              )}
            </CardBody>
          </Card>
        </Bullseye>
      </PageSection>
    </main>
  );
}
