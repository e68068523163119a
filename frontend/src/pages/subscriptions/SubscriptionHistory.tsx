import { List, ListItem } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useSubscriptionHistory } from '../../api/subscriptions';
import { useFormat } from '../../components/format';
import { ErrorAlert, Loading } from '../../components/states';

/** A subscription's changes, oldest first, loaded when its row is opened. */
export function SubscriptionHistory({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const one = useSubscriptionHistory(id, true);
  if (one.isPending) return <Loading />;
  if (one.isError) return <ErrorAlert error={one.error} title={t('subscriptions.historyFailed')} />;
  return (
    <List aria-label={t('subscriptions.historyOf', { model: one.data.model_id })}>
      {one.data.history.map((change) => (
        <ListItem key={`${change.at}-${change.to_status}`}>
          {t('subscriptions.change', {
            at: format.date(change.at),
            status: t(`subscriptions.status.${change.to_status}`),
            by: change.changed_by,
          })}
          {change.reason && ` — ${change.reason}`}
        </ListItem>
      ))}
    </List>
  );
}
