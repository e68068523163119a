import { Button, PageSection, Stack } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCancelSubscription, useSubscriptions } from '../../api/subscriptions';
import type { Subscription } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { PageHeader } from '../../components/PageHeader';
import { RouterLink } from '../../components/RouterLink';
import { Empty, ErrorAlert, Loading } from '../../components/states';
import { SubscriptionsTable } from './SubscriptionsTable';

export function SubscriptionsPage() {
  const { t } = useTranslation();
  const subscriptions = useSubscriptions();
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
          {subscriptions.isPending ? (
            <Loading />
          ) : subscriptions.isError ? (
            <ErrorAlert error={subscriptions.error} title={t('subscriptions.loadFailed')} />
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
