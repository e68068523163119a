import { Stack } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import {
  useUsageSeries,
  useUsageSummary,
  type Granularity,
  type UsageScope,
} from '../../api/usage';
import { Empty, ErrorAlert, Loading } from '../../components/states';
import { Breakdowns, TopSpenders } from './Breakdowns';
import { SummaryCards } from './SummaryCards';
import { UsageChart } from './UsageChart';

/** Totals, the series, breakdowns (and top spenders over everyone) for one valid range. */
export function UsageReport({
  scope,
  granularity,
}: {
  scope: UsageScope;
  granularity: Granularity;
}) {
  const { t } = useTranslation();
  const summary = useUsageSummary(scope);
  const series = useUsageSeries(scope, granularity);
  if (summary.isPending) return <Loading />;
  if (summary.isError) return <ErrorAlert error={summary.error} title={t('usage.loadFailed')} />;
  // no request at all: nothing to chart or break down
  if (summary.data.requests === 0)
    return <Empty title={t('usage.emptyTitle')}>{t('usage.emptyBody')}</Empty>;
  return (
    <Stack hasGutter>
      <SummaryCards summary={summary.data} />
      {series.isPending ? (
        <Loading />
      ) : series.isError ? (
        <ErrorAlert error={series.error} title={t('usage.loadFailed')} />
      ) : (
        <UsageChart series={series.data} />
      )}
      <Breakdowns scope={scope} />
      {scope.everyone && <TopSpenders scope={scope} />}
    </Stack>
  );
}
