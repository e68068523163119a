import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../api/teams';
import { useFormat } from '../../components/format';
import { RouterLink } from '../../components/RouterLink';
import { TableHead } from '../../components/TableHead';
import { useUsd } from '../keys/money';

export function TeamsTable({ teams }: { teams: Team[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const usd = useUsd();
  const columns = {
    name: t('teams.name'),
    description: t('teams.description'),
    budget: t('teams.budget'),
    status: t('teams.status'),
    created: t('teams.created'),
  };
  return (
    <Table aria-label={t('teams.tableLabel')} variant="compact">
      <TableHead columns={columns} />
      <Tbody>
        {teams.map((team) => (
          <Tr key={team.id}>
            <Td dataLabel={columns.name}>
              <RouterLink href={`/teams/${encodeURIComponent(team.id)}`}>{team.name}</RouterLink>
            </Td>
            <Td dataLabel={columns.description}>{team.description}</Td>
            <Td dataLabel={columns.budget}>
              {team.max_budget === null
                ? t('teams.noLimit')
                : team.budget_duration
                  ? t('keys.budgetPer', {
                      amount: usd(team.max_budget),
                      period: team.budget_duration,
                    })
                  : usd(team.max_budget)}
            </Td>
            <Td dataLabel={columns.status}>
              {team.archived ? (
                <Label color="grey">{t('teams.archived')}</Label>
              ) : (
                <Label color="green">{t('teams.active')}</Label>
              )}
            </Td>
            <Td dataLabel={columns.created}>{format.date(team.created_at)}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
