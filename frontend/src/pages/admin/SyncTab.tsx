import { Content } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useCanAct } from './access';
import { ConflictsList } from './ConflictsList';
import { DriftReport } from './DriftReport';
import { Section } from './Section';
import { SyncActions } from './SyncActions';
import { SyncHealth } from './SyncHealth';

/** The link with LiteLLM: its health, on-demand reconcile and pull, drift and conflicts. */
export function SyncTab() {
  const { t } = useTranslation();
  const canAct = useCanAct();
  return (
    <Section title={t('admin.sections.sync')} intro={t('admin.sync.intro')}>
      <SyncHealth />
      {canAct && <SyncActions />}
      <Content>
        <Content component="h3">{t('admin.sync.driftTitle')}</Content>
        <Content component="p">{t('admin.sync.driftIntro')}</Content>
      </Content>
      <DriftReport />
      <Content>
        <Content component="h3">{t('admin.sync.conflictsTitle')}</Content>
        <Content component="p">{t('admin.sync.conflictsIntro')}</Content>
      </Content>
      <ConflictsList />
    </Section>
  );
}
