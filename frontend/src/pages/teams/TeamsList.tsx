import {
  Button,
  ClipboardCopy,
  Flex,
  FlexItem,
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

/** The caller's id, to give to a team owner: adding a member takes a user id. */
function MyId({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <Flex alignItems={{ default: 'alignItemsCenter' }}>
      <FlexItem>{t('teams.yourId')}</FlexItem>
      <ClipboardCopy
        isReadOnly
        isCode
        variant="inline-compact"
        hoverTip={t('keys.copy')}
        clickTip={t('keys.copied')}
        copyAriaLabel={t('keys.copy')}
        textAriaLabel={t('teams.yourId')}
      >
        {id}
      </ClipboardCopy>
    </Flex>
  );
}

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
          {user && <MyId id={user.id} />}
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
