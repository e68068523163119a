import { PageSection } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useKeys } from '../../api/keys';
import { useTeams } from '../../api/teams';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, Loading } from '../../components/states';
import { KeysPanel } from './KeysPanel';

export function KeysPage() {
  const { t } = useTranslation();
  const keys = useKeys();
  // names for the team keys in the list; without them the team's id is shown
  const teams = useTeams();
  const teamNames = new Map((teams.data ?? []).map((team) => [team.id, team.name]));
  return (
    <>
      <PageHeader title={t('keys.title')}>{t('keys.intro')}</PageHeader>
      <PageSection>
        {keys.isPending ? (
          <Loading />
        ) : keys.isError ? (
          <ErrorAlert error={keys.error} title={t('keys.loadFailed')} />
        ) : (
          <KeysPanel
            keys={keys.data.items}
            teamNames={keys.data.items.some((key) => key.team_id) ? teamNames : undefined}
            emptyTitle={t('keys.emptyTitle')}
            emptyBody={t('keys.emptyBody')}
          />
        )}
      </PageSection>
    </>
  );
}
