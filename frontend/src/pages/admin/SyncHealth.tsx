import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { ENTITY_TYPES, useDrift, useServiceStatus } from '../../api/adminSync';
import { useFormat } from '../../components/format';
import { ErrorAlert, Loading } from '../../components/states';

/**
 * What the browser can know of the link with LiteLLM. sync's `/health/integration` (breaker,
 * latency, backlog) is not routed through the gateway, so this shows the gateway's readiness
 * of sync and what the drift report tells: the last full reconcile and the drift it left.
 */
export function SyncHealth() {
  const { t } = useTranslation();
  const format = useFormat();
  const drift = useDrift();
  const status = useServiceStatus();
  if (drift.isPending) return <Loading />;
  if (drift.isError) return <ErrorAlert error={drift.error} title={t('admin.sync.loadFailed')} />;
  const cycle = drift.data.last_cycle;
  const readiness = status.data?.sync;
  const rows: [string, string][] = [
    [
      t('admin.sync.service'),
      readiness === 'ready'
        ? t('admin.sync.ready')
        : readiness === undefined
          ? t('common.unknown')
          : t('admin.sync.notReady', { state: readiness }),
    ],
    [t('admin.sync.lastCycle'), cycle ? format.date(cycle.finished_at) : t('admin.sync.noCycle')],
  ];
  if (cycle)
    rows.push(
      [t('admin.sync.duration'), t('admin.sync.seconds', { seconds: cycle.duration_seconds })],
      [t('admin.sync.settled'), String(cycle.conflicts)],
      [t('admin.sync.writes'), String(cycle.litellm_writes)],
    );
  rows.push([
    t('admin.sync.driftNow'),
    ENTITY_TYPES.map((kind) =>
      t('admin.sync.driftOf', {
        kind: t(`admin.entity.${kind}`),
        n: drift.data.counts[kind] ?? 0,
      }),
    ).join(' · '),
  ]);
  return (
    <DescriptionList isHorizontal termWidth="16rem" aria-label={t('admin.sync.healthLabel')}>
      {rows.map(([term, value]) => (
        <DescriptionListGroup key={term}>
          <DescriptionListTerm>{term}</DescriptionListTerm>
          <DescriptionListDescription>{value}</DescriptionListDescription>
        </DescriptionListGroup>
      ))}
    </DescriptionList>
  );
}
