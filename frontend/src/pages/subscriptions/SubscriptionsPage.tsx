import { Button, FormSelect, FormSelectOption, PageSection, Stack } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCancelSubscription, useSubscriptions } from '../../api/subscriptions';
import type { Subscription, SubscriptionStatus } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { PageHeader } from '../../components/PageHeader';
import { RouterLink } from '../../components/RouterLink';
import { Empty, ErrorAlert, Loading } from '../../components/states';
import { SubscriptionsTable } from './SubscriptionsTable';

const STATUSES: SubscriptionStatus[] = ['active', 'pending', 'suspended', 'denied', 'cancelled'];

export function SubscriptionsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<SubscriptionStatus | ''>('');
  const subscriptions = useSubscriptions(status || undefined);
  const cancel = useCancelSubscription();
  const [cancelling, setCancelling] = useState<Subscription | null>(null);

  const confirm = () => {
    if (!cancelling) return;
    cancel.mutate(cancelling.id, {
      onSettled: () => {
        setCancelling(null);
      },
    });
  };

  return (
    <>
      <PageHeader title={t('subscriptions.title')}>{t('subscriptions.intro')}</PageHeader>
      <PageSection>
        <Stack hasGutter>
          {cancel.isError && (
            <ErrorAlert error={cancel.error} title={t('subscriptions.cancelFailed')} />
          )}
          <FormSelect
            aria-label={t('subscriptions.filterLabel')}
            value={status}
            style={{ maxWidth: '20rem' }}
            onChange={(_event, next) => {
              setStatus(next as SubscriptionStatus | '');
            }}
          >
            <FormSelectOption value="" label={t('subscriptions.all')} />
            {STATUSES.map((one) => (
              <FormSelectOption key={one} value={one} label={t(`subscriptions.status.${one}`)} />
            ))}
          </FormSelect>
          {subscriptions.isPending ? (
            <Loading />
          ) : subscriptions.isError ? (
            <ErrorAlert error={subscriptions.error} title={t('subscriptions.loadFailed')} />
          ) : subscriptions.data.items.length === 0 && status ? (
            <Empty title={t('subscriptions.emptyTitle')}>{t('subscriptions.noneWithStatus')}</Empty>
          ) : subscriptions.data.items.length === 0 ? (
            <Empty
              title={t('subscriptions.emptyTitle')}
              action={
                <Button component={RouterLink} href="/models">
                  {t('subscriptions.browse')}
                </Button>
              }
            >
              {t('subscriptions.emptyBody')}
            </Empty>
          ) : (
            <SubscriptionsTable subscriptions={subscriptions.data.items} onCancel={setCancelling} />
          )}
        </Stack>
      </PageSection>
      {cancelling && (
        <ConfirmModal
          title={t('subscriptions.confirmTitle')}
          confirm={t('subscriptions.cancel')}
          busy={cancel.isPending}
          onConfirm={confirm}
          onCancel={() => {
            setCancelling(null);
          }}
        >
          {t('subscriptions.confirmBody', { model: cancelling.model_id })}
        </ConfirmModal>
      )}
    </>
  );
}
