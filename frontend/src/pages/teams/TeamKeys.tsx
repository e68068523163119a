import { useTranslation } from 'react-i18next';
import { useKeys } from '../../api/keys';
import type { Team } from '../../api/teams';
import { ErrorAlert, Loading } from '../../components/states';
import { KeysPanel } from '../keys/KeysPanel';

/**
 * The team's keys. The keys API has no team filter: its list (the caller's keys and their
 * teams', one page of 100) is filtered here by `team_id`.
 */
export function TeamKeys({ team, canCreate }: { team: Team; canCreate: boolean }) {
  const { t } = useTranslation();
  const keys = useKeys();
  if (keys.isPending) return <Loading />;
  if (keys.isError) return <ErrorAlert error={keys.error} title={t('teams.keysFailed')} />;
  return (
    <KeysPanel
      keys={keys.data.items.filter((key) => key.team_id === team.id)}
      team={{ id: team.id, name: team.name }}
      canCreate={canCreate}
      emptyTitle={t('teams.keysEmptyTitle')}
      emptyBody={t('teams.keysEmptyBody')}
    />
  );
}
