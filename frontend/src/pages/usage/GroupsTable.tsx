import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../api/usage';
import { useUsageFormat } from './useUsageFormat';

interface Props {
  label: string;
  nameHeader: string;
  groups: Group[];
  nameOf: (group: Group) => string;
}

/** Groups of usage, costliest first (the order the API answers in). */
export function GroupsTable({ label, nameHeader, groups, nameOf }: Props) {
  const { t } = useTranslation();
  const format = useUsageFormat();
  return (
    <Table aria-label={label} variant="compact">
      <Thead>
        <Tr>
          <Th>{nameHeader}</Th>
          <Th>{t('usage.cost')}</Th>
          <Th>{t('usage.requests')}</Th>
          <Th>{t('usage.tokens')}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {groups.map((group, index) => (
          <Tr key={`${nameOf(group)}-${String(index)}`}>
            <Td dataLabel={nameHeader}>{nameOf(group)}</Td>
            <Td dataLabel={t('usage.cost')}>{format.cost(group.cost)}</Td>
            <Td dataLabel={t('usage.requests')}>{format.count(group.requests)}</Td>
            <Td dataLabel={t('usage.tokens')}>{format.count(group.total_tokens)}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
