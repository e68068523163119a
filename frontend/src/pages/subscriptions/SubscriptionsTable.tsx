import { Button, Content } from '@patternfly/react-core';
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { AngleDownIcon, AngleRightIcon } from '@patternfly/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Subscription } from '../../api/types';
import { useFormat } from '../../components/format';
import { StatusLabel } from './StatusLabel';
import { SubscriptionHistory } from './SubscriptionHistory';

const CANCELLABLE = new Set(['active', 'pending', 'suspended']);

interface Props {
  subscriptions: Subscription[];
  onCancel: (subscription: Subscription) => void;
}

export function SubscriptionsTable({ subscriptions, onCancel }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const columns = {
    model: t('subscriptions.model'),
    status: t('subscriptions.statusColumn'),
    since: t('subscriptions.since'),
    action: t('subscriptions.action'),
  };
  const toggle = (id: string) => {
    setOpen((was) => {
      const next = new Set(was);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  };
  return (
    <Table aria-label={t('subscriptions.tableLabel')} variant="compact">
      <Thead>
        <Tr>
          <Th screenReaderText={t('subscriptions.history')} />
          {Object.values(columns).map((title) => (
            <Th key={title}>{title}</Th>
          ))}
        </Tr>
      </Thead>
      {subscriptions.map((subscription) => {
        const isExpanded = open.has(subscription.id);
        return (
          <Tbody key={subscription.id} isExpanded={isExpanded}>
            <Tr>
              <Td>
                <Button
                  variant="plain"
                  aria-expanded={isExpanded}
                  aria-controls={`history-${subscription.id}`}
                  aria-label={t('subscriptions.showHistory', { model: subscription.model_id })}
                  icon={isExpanded ? <AngleDownIcon /> : <AngleRightIcon />}
                  onClick={() => {
                    toggle(subscription.id);
                  }}
                />
              </Td>
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
            <Tr isExpanded={isExpanded} id={`history-${subscription.id}`}>
              <Td colSpan={5}>
                <ExpandableRowContent>
                  {isExpanded && <SubscriptionHistory id={subscription.id} />}
                </ExpandableRowContent>
              </Td>
            </Tr>
          </Tbody>
        );
      })}
    </Table>
  );
}
