import { Button, Content, Label } from '@patternfly/react-core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAllTeams, useArchiveTeam, type Team } from '../../api/adminTeams';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useFormat } from '../../components/format';
import { ErrorAlert } from '../../components/states';
import { useCanAct } from './access';
import { AdminTable, type Column } from './AdminTable';
import { Loaded } from './Loaded';
import { Section } from './Section';

function limitsOf(team: Team, t: TFunction): string {
  const parts = [
    team.max_budget !== null &&
      t('admin.teams.budget', { amount: team.max_budget, period: team.budget_duration ?? '' }),
    team.tpm_limit !== null && t('admin.teams.tpm', { limit: team.tpm_limit }),
    team.rpm_limit !== null && t('admin.teams.rpm', { limit: team.rpm_limit }),
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : t('admin.teams.noLimits');
}

export function TeamsTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const canAct = useCanAct();
  const teams = useAllTeams();
  const archive = useArchiveTeam();
  const [archiving, setArchiving] = useState<Team | null>(null);

  const columns: Column<Team>[] = [
    {
      title: t('admin.teams.name'),
      cell: (team) => (
        <>
          {team.name}
          {team.description && <Content component="small"> {team.description}</Content>}
        </>
      ),
    },
    { title: t('admin.teams.members'), cell: (team) => format.count(team.members?.length ?? 0) },
    { title: t('admin.teams.limits'), cell: (team) => limitsOf(team, t) },
    { title: t('admin.teams.created'), cell: (team) => format.date(team.created_at) },
    {
      title: t('admin.teams.status'),
      cell: (team) =>
        team.archived ? (
          <Label color="grey">{t('admin.teams.archived')}</Label>
        ) : (
          <Label color="green">{t('admin.teams.active')}</Label>
        ),
    },
  ];
  if (canAct)
    columns.push({
      title: t('admin.actions'),
      cell: (team) =>
        !team.archived && (
          <Button
            variant="link"
            isDanger
            aria-label={t('admin.teams.archiveOne', { team: team.name })}
            onClick={() => {
              archive.reset();
              setArchiving(team);
            }}
          >
            {t('admin.teams.archive')}
          </Button>
        ),
    });

  return (
    <Section title={t('admin.sections.teams')} intro={t('admin.teams.intro')}>
      <Loaded
        query={teams}
        failed={t('admin.teams.loadFailed')}
        isEmpty={(found) => found.length === 0}
        emptyTitle={t('admin.teams.emptyTitle')}
        emptyBody={t('admin.teams.emptyBody')}
      >
        {(found) => (
          <AdminTable
            label={t('admin.teams.tableLabel')}
            rows={found}
            rowKey={(team) => team.id}
            columns={columns}
          />
        )}
      </Loaded>
      {archiving && (
        <ConfirmModal
          title={t('admin.teams.archiveTitle', { team: archiving.name })}
          confirm={t('admin.teams.archive')}
          busy={archive.isPending}
          onConfirm={() => {
            archive.mutate(archiving.id, {
              onSuccess: () => {
                setArchiving(null);
              },
            });
          }}
          onCancel={() => {
            setArchiving(null);
          }}
        >
          {archive.isError && (
            <ErrorAlert error={archive.error} title={t('admin.teams.archiveFailed')} />
          )}
          {t('admin.teams.archiveBody', { team: archiving.name })}
        </ConfirmModal>
      )}
    </Section>
  );
}
