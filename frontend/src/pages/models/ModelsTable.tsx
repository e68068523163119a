import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import { modelPath } from '../../api/models';
import type { Model, SubscriptionStatus } from '../../api/types';
import { useFormat } from '../../components/format';
import { RouterLink } from '../../components/RouterLink';
import { TableHead } from '../../components/TableHead';
import { SubscribeAction } from './SubscribeAction';

interface Props {
  models: Model[];
  statusOf: (modelId: string) => SubscriptionStatus | undefined;
  busyFor: (modelId: string) => boolean;
  onSubscribe: (modelId: string) => void;
}

export function ModelsTable({ models, statusOf, busyFor, onSubscribe }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = {
    name: t('models.name'),
    provider: t('models.provider'),
    context: t('models.context'),
    input: t('models.inputCost'),
    output: t('models.outputCost'),
    action: t('models.action'),
  };
  return (
    <Table aria-label={t('models.tableLabel')} variant="compact">
      <TableHead columns={columns} />
      <Tbody>
        {models.map((model) => (
          <Tr key={model.id}>
            <Td dataLabel={columns.name}>
              <RouterLink href={`/models/${modelPath(model.id)}`}>{model.id}</RouterLink>{' '}
              {model.restricted && <Label isCompact>{t('models.restricted')}</Label>}
            </Td>
            <Td dataLabel={columns.provider}>{model.provider}</Td>
            <Td dataLabel={columns.context}>{format.count(model.context_length) ?? '—'}</Td>
            <Td dataLabel={columns.input}>
              {format.perMillion(model.input_cost_per_token) ?? '—'}
            </Td>
            <Td dataLabel={columns.output}>
              {format.perMillion(model.output_cost_per_token) ?? '—'}
            </Td>
            <Td dataLabel={columns.action}>
              <SubscribeAction
                model={model}
                status={statusOf(model.id)}
                busy={busyFor(model.id)}
                onSubscribe={onSubscribe}
              />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
