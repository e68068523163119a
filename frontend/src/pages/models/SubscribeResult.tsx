import { Alert } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import type { useSubscribe } from '../../api/subscriptions';
import { ErrorAlert } from '../../components/states';

/** What came of the last subscribe: active at once, waiting for approval, or refused. */
export function SubscribeResult({ subscribe }: { subscribe: ReturnType<typeof useSubscribe> }) {
  const { t } = useTranslation();
  if (subscribe.isError) {
    return <ErrorAlert error={subscribe.error} title={t('models.subscribeFailed')} />;
  }
  if (!subscribe.data) return null;
  const { model_id: model, status } = subscribe.data;
  return status === 'pending' ? (
    <Alert variant="info" isInline title={t('models.subscribedPending', { model })} />
  ) : (
    <Alert variant="success" isInline title={t('models.subscribed', { model })} />
  );
}
