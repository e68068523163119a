import { Button, Label, LabelGroup } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '../../api/types';
import { useFormat } from '../../components/format';

interface Props {
  keys: ApiKey[];
  onRevoke: (key: ApiKey) => void;
}

function KeyStatus({ apiKey }: { apiKey: ApiKey }) {
  const { t } = useTranslation();
  if (apiKey.blocked) return <Label color="red">{t('keys.blocked')}</Label>;
  if (apiKey.status === 'active') return <Label color="green">{t('keys.active')}</Label>;
  return <Label color="grey">{t('keys.inactive')}</Label>;
}

export function KeysTable({ keys, onRevoke }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = {
    name: t('keys.name'),
    prefix: t('keys.prefix'),
    models: t('keys.models'),
    status: t('keys.status'),
    created: t('keys.created'),
    action: t('keys.action'),
  };
  return (
    <Table aria-label={t('keys.tableLabel')} variant="compact">
      <Thead>
        <Tr>
          {Object.values(columns).map((title) => (
            <Th key={title}>{title}</Th>
          ))}
        </Tr>
      </Thead>
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
            <Td dataLabel={columns.status}>
              <KeyStatus apiKey={key} />
            </Td>
            <Td dataLabel={columns.created}>{format.date(key.created_at)}</Td>
            <Td dataLabel={columns.action}>
              {key.status === 'active' && (
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
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
