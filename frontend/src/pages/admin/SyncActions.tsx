import { Alert, Button, Flex, Stack } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { usePullModels, useReconcile } from '../../api/adminSync';
import { ErrorAlert } from '../../components/states';

/** "Reconcile now" and "Pull models now", each with its progress and what it did. */
export function SyncActions() {
  const { t } = useTranslation();
  const reconcile = useReconcile();
  const pull = usePullModels();
  const cycle = reconcile.data;
  return (
    <Stack hasGutter>
      <Flex>
        <Button
          isLoading={reconcile.isPending}
          isDisabled={reconcile.isPending}
          spinnerAriaValueText={t('admin.sync.reconciling')}
          onClick={() => {
            reconcile.mutate();
          }}
        >
          {t(reconcile.isPending ? 'admin.sync.reconciling' : 'admin.sync.reconcile')}
        </Button>
        <Button
          variant="secondary"
          isLoading={pull.isPending}
          isDisabled={pull.isPending}
          spinnerAriaValueText={t('admin.sync.pulling')}
          onClick={() => {
            pull.mutate();
          }}
        >
          {t(pull.isPending ? 'admin.sync.pulling' : 'admin.sync.pull')}
        </Button>
      </Flex>
      {cycle && (
        <Alert
          variant={cycle.skipped ? 'info' : 'success'}
          isInline
          isLiveRegion
          title={
            cycle.skipped
              ? t('admin.sync.skipped')
              : t('admin.sync.reconciled', {
                  seconds: cycle.duration_seconds,
                  conflicts: cycle.conflicts,
                  writes: cycle.litellm_writes,
                })
          }
        />
      )}
      {reconcile.isError && (
        <ErrorAlert error={reconcile.error} title={t('admin.sync.reconcileFailed')} />
      )}
      {pull.data && (
        <Alert
          variant="success"
          isInline
          isLiveRegion
          title={t('admin.sync.pulled', { ...pull.data })}
        />
      )}
      {pull.isError && <ErrorAlert error={pull.error} title={t('admin.sync.pullFailed')} />}
    </Stack>
  );
}
