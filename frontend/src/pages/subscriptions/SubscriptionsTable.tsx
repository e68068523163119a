import { Button, Content } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import type { Subscription } from '../../api/types';
import { useFormat } from '../../components/format';
import { StatusLabel } from './StatusLabel';

const CANCELLABLE = new Set(['active', 'pending', 'suspended']);

interface Props {
  subscriptions: Subscription[];
  onCancel: (subscription: Subscription) => void;
}

export function SubscriptionsTable({ subscriptions, onCancel }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = {
    model: t('subscriptions.model'),
    status: t('subscriptions.statusColumn'),
    since: t('subscriptions.since'),
    action: t('subscriptions.action'),
  };
  return (
    <Table aria-label={t('subscriptions.tableLabel')} variant="compact">
      <Thead>
        <Tr>
          {Object.values(columns).map((title) => (
            <Th key={title}>{title}</Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {subscriptions.map((subscription) => (
          <Tr key={subscription.id}>
            <Td dataLabel={columns.model}>{subscription.model_id}</Td>
            <Td dataLabel={columns.status}>
              <StatusLabel status={subscription.status} />
              {subscription.status === 'pending' && (
                <Content component="small"> {t('subscriptions.pendingHint')}</Content>
              )}
            </Td>
            <Td dataLabel={columns.since}>{format.date(subscription.updated_at)}</Td>
            <Td dataLabel={columns.action}>
              {CANCELLABLE.has(subscription.status) && (
                <Button
                  variant="link"
                  isDanger
                  aria-label={t('subscriptions.cancelOne', { model: subscription.model_id })}
                  onClick={() => {
                    onCancel(subscription);
                  }}
                >
                  {t('subscriptions.cancel')}
                </Button>
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
