import { PageSection } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { Empty } from '../components/states';
import { PageHeader } from '../components/PageHeader';

/** A page whose screens are still to be built: says honestly what it will hold. */
export function PlaceholderPage({ page }: { page: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(`nav.${page}`)} />
      <PageSection>
        <Empty title={t('placeholder.title')}>{t(`${page}.comingSoon`)}</Empty>
      </PageSection>
    </>
  );
}
