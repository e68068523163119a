import {
  Button,
  PageSection,
  Stack,
  Switch,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useTeams } from '../../api/teams';
import { isAdmin, useAuth } from '../../auth/context';
import { PageHeader } from '../../components/PageHeader';
import { Empty, ErrorAlert, Loading } from '../../components/states';
import { CreateTeamModal } from './CreateTeamModal';
import { TeamsTable } from './TeamsTable';

export function TeamsList() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const everyone = isAdmin(user);
  const all = everyone && params.get('all') === 'true';
  const teams = useTeams(all);
  const [creating, setCreating] = useState(false);
  const createButton = (
    <Button
      onClick={() => {
        setCreating(true);
      }}
    >
      {t('teams.create')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('teams.title')}>{t('teams.intro')}</PageHeader>
      <PageSection>
        <Stack hasGutter>
          <Toolbar>
            <ToolbarContent>
              <ToolbarItem>{createButton}</ToolbarItem>
              {everyone && (
                <ToolbarItem alignSelf="center">
                  <Switch
                    id="all-teams"
                    label={t('teams.allTeams')}
                    isChecked={all}
                    onChange={(_event, checked) => {
                      setParams(checked ? { all: 'true' } : {});
                    }}
                  />
                </ToolbarItem>
              )}
            </ToolbarContent>
          </Toolbar>
          {teams.isPending ? (
            <Loading />
          ) : teams.isError ? (
            <ErrorAlert error={teams.error} title={t('teams.loadFailed')} />
          ) : teams.data.length === 0 ? (
            <Empty title={t('teams.emptyTitle')}>{t('teams.emptyBody')}</Empty>
          ) : (
            <TeamsTable teams={teams.data} />
          )}
        </Stack>
      </PageSection>
      {creating && (
        <CreateTeamModal
          onCreated={(team) => {
            setCreating(false);
            void navigate(`/teams/${encodeURIComponent(team.id)}`);
          }}
          onCancel={() => {
            setCreating(false);
          }}
        />
      )}
    </>
  );
}
