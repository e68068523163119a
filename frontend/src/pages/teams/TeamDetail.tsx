import {
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  Button,
  PageSection,
  Stack,
  Title,
} from '@patternfly/react-core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useArchiveTeam, useTeam, type Team } from '../../api/teams';
import { useAuth } from '../../auth/context';
import { ConfirmModal } from '../../components/ConfirmModal';
import { PageHeader } from '../../components/PageHeader';
import { RouterLink } from '../../components/RouterLink';
import { ErrorAlert, Loading } from '../../components/states';
import { MembersSection } from './MembersSection';
import { powersOf } from './powers';
import { TeamKeys } from './TeamKeys';
import { TeamLimits } from './TeamLimits';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <PageSection aria-labelledby={id}>
      <Stack hasGutter>
        <Title headingLevel="h2" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </PageSection>
  );
}

function ArchiveTeam({ team, onDone }: { team: Team; onDone: () => void }) {
  const { t } = useTranslation();
  const archive = useArchiveTeam(team.id);
  return (
    <ConfirmModal
      title={t('teams.archiveTitle')}
      confirm={t('teams.archiveConfirm')}
      busy={archive.isPending}
      onConfirm={() => {
        archive.mutate(undefined, { onSuccess: onDone });
      }}
      onCancel={onDone}
    >
      <Stack hasGutter>
        {archive.isError && <ErrorAlert error={archive.error} title={t('teams.archiveFailed')} />}
        {t('teams.archiveBody', { name: team.name })}
      </Stack>
    </ConfirmModal>
  );
}

function TeamView({ team }: { team: Team }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const powers = powersOf(team, user);
  const [archiving, setArchiving] = useState(false);
  return (
    <>
      <PageHeader title={team.name}>{team.description}</PageHeader>
      {(team.archived || powers.own) && (
        <PageSection>
          {team.archived ? (
            <Alert variant="info" isInline title={t('teams.archivedNote')} />
          ) : (
            <Button
              variant="danger"
              onClick={() => {
                setArchiving(true);
              }}
            >
              {t('teams.archive')}
            </Button>
          )}
        </PageSection>
      )}
      <Section id="team-members" title={t('teams.members')}>
        <MembersSection team={team} powers={powers} />
      </Section>
      <Section id="team-keys" title={t('teams.keys')}>
        <TeamKeys team={team} canCreate={powers.createKeys} />
      </Section>
      <Section id="team-limits" title={t('teams.limits')}>
        <TeamLimits team={team} canEdit={powers.setLimits} />
      </Section>
      {archiving && (
        <ArchiveTeam
          team={team}
          onDone={() => {
            setArchiving(false);
          }}
        />
      )}
    </>
  );
}

/** `/teams/:id`: a team with its members and roles, its keys and its limits. */
export function TeamDetail() {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const team = useTeam(id);
  return (
    <>
      <PageSection>
        <Breadcrumb aria-label={t('common.breadcrumb')}>
          <BreadcrumbItem component={RouterLink} to="/teams">
            {t('teams.title')}
          </BreadcrumbItem>
          <BreadcrumbItem isActive>{team.data?.name ?? id}</BreadcrumbItem>
        </Breadcrumb>
      </PageSection>
      {team.isPending ? (
        <Loading />
      ) : team.isError ? (
        <PageSection>
          <ErrorAlert error={team.error} title={t('teams.notFound')} />
        </PageSection>
      ) : (
        <TeamView team={team.data} />
      )}
    </>
  );
}
