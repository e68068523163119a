import {
  Alert,
  Card,
  CardBody,
  CardFooter,
  CardTitle,
  Gallery,
  PageSection,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useAuth } from '../auth/context';
import { PageHeader } from '../components/PageHeader';
import { RouterLink } from '../components/RouterLink';

const STEPS = [
  { path: '/models', title: 'nav.models', body: 'home.modelsBody' },
  { path: '/subscriptions', title: 'nav.subscriptions', body: 'home.subscriptionsBody' },
  { path: '/api-keys', title: 'nav.apiKeys', body: 'home.keysBody' },
] as const;

export function HomePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const notice = (useLocation().state as { notice?: string | null } | null)?.notice;
  return (
    <>
      <PageHeader title={t('home.title', { name: user?.full_name ?? user?.username ?? '' })}>
        {t('home.intro')}
      </PageHeader>
      <PageSection>
        {notice && <Alert variant="info" isInline title={notice} className="pf-v6-u-mb-md" />}
        <Gallery hasGutter minWidths={{ default: '16rem' }}>
          {STEPS.map((step) => (
            <Card key={step.path}>
              <CardTitle component="h2">{t(step.title)}</CardTitle>
              <CardBody>{t(step.body)}</CardBody>
              <CardFooter>
                <RouterLink href={step.path}>{t('home.open', { page: t(step.title) })}</RouterLink>
              </CardFooter>
            </Card>
          ))}
        </Gallery>
      </PageSection>
    </>
  );
}
