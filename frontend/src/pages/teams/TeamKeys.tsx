import { useTranslation } from 'react-i18next';
import { useKeys } from '../../api/keys';
import type { Team } from '../../api/teams';
import { ErrorAlert, Loading } from '../../components/states';
import { KeysPanel } from '../keys/KeysPanel';

/** The team's keys, as the keys service narrows them (`?team_id=`). */
export function TeamKeys({ team, canCreate }: { team: Team; canCreate: boolean }) {
  const { t } = useTranslation();
  const keys = useKeys(team.id);
  if (keys.isPending) return <Loading />;
  if (keys.isError) return <ErrorAlert error={keys.error} title={t('teams.keysFailed')} />;
  return (
    <KeysPanel
      keys={keys.data.items}
      team={{ id: team.id, name: team.name }}
      canCreate={canCreate}
      emptyTitle={t('teams.keysEmptyTitle')}
      emptyBody={t('teams.keysEmptyBody')}
    />
  );
}
