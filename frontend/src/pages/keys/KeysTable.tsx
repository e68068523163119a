import { Button, Flex, Label, LabelGroup } from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import type { Key } from '../../api/keys';
import { useFormat } from '../../components/format';
import { TableHead } from '../../components/TableHead';
import { useUsd } from './money';

interface Props {
  keys: Key[];
  /** team id → name: adds a column saying whose key it is */
  teamNames?: Map<string, string>;
  onRotate: (key: Key) => void;
  onRevoke: (key: Key) => void;
}

function KeyStatus({ apiKey }: { apiKey: Key }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (apiKey.blocked) return <Label color="red">{t('keys.blocked')}</Label>;
  if (apiKey.status !== 'active') return <Label color="grey">{t('keys.inactive')}</Label>;
  if (apiKey.revoke_at) {
    return (
      <Label color="orange">{t('keys.endsAt', { date: format.date(apiKey.revoke_at) })}</Label>
    );
  }
  return <Label color="green">{t('keys.active')}</Label>;
}

function Budget({ apiKey }: { apiKey: Key }) {
  const { t } = useTranslation();
  const usd = useUsd();
  const limits = apiKey.limits;
  if (!limits?.max_budget) return <>{t('keys.noLimit')}</>;
  const amount = usd(limits.max_budget);
  return (
    <>
      {limits.budget_duration
        ? t('keys.budgetPer', { amount, period: limits.budget_duration })
        : amount}
    </>
  );
}

export function KeysTable({ keys, teamNames, onRotate, onRevoke }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = {
    name: t('keys.name'),
    prefix: t('keys.prefix'),
    models: t('keys.models'),
    ...(teamNames && { team: t('keys.team') }),
    status: t('keys.status'),
    budget: t('keys.budget'),
    expires: t('keys.expires'),
    created: t('keys.created'),
    action: t('keys.action'),
  };
  return (
    <Table aria-label={t('keys.tableLabel')} variant="compact">
      <TableHead columns={columns} />
      <Tbody>
        {keys.map((key) => (
          <Tr key={key.id}>
            <Td dataLabel={columns.name}>{key.name}</Td>
            <Td dataLabel={columns.prefix}>
              <code>{key.key_prefix}…</code>
            </Td>
            <Td dataLabel={columns.models}>
              <LabelGroup>
                {key.models.map((model) => (
                  <Label key={model} isCompact>
                    {model}
                  </Label>
                ))}
              </LabelGroup>
            </Td>
            {teamNames && (
              <Td dataLabel={columns.team}>
                {key.team_id ? (teamNames.get(key.team_id) ?? key.team_id) : t('keys.personal')}
              </Td>
            )}
            <Td dataLabel={columns.status}>
              <KeyStatus apiKey={key} />
            </Td>
            <Td dataLabel={columns.budget}>
              <Budget apiKey={key} />
            </Td>
            <Td dataLabel={columns.expires}>
              {key.expires_at ? format.date(key.expires_at) : t('keys.never')}
            </Td>
            <Td dataLabel={columns.created}>{format.date(key.created_at)}</Td>
            <Td dataLabel={columns.action}>
              {key.status === 'active' && (
                <Flex spaceItems={{ default: 'spaceItemsNone' }} flexWrap={{ default: 'nowrap' }}>
                  {!key.blocked && !key.revoke_at && (
                    <Button
                      variant="link"
                      aria-label={t('keys.rotateOne', { name: key.name })}
                      onClick={() => {
                        onRotate(key);
                      }}
                    >
                      {t('keys.rotate')}
                    </Button>
                  )}
                  <Button
                    variant="link"
                    isDanger
                    aria-label={t('keys.revokeOne', { name: key.name })}
                    onClick={() => {
                      onRevoke(key);
                    }}
                  >
                    {t('keys.revoke')}
                  </Button>
                </Flex>
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
