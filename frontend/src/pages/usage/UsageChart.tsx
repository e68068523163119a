import {
  Chart,
  ChartAxis,
  ChartBar,
  ChartVoronoiContainer,
} from '@patternfly/react-charts/victory';
import { Card, CardBody, CardTitle } from '@patternfly/react-core';
import { Caption, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import type { Series } from '../../api/usage';
import { useUsageFormat } from './useUsageFormat';

interface Datum {
  x: Date;
  y: number;
  /** shown on hover; not `label`, which the bars would draw above themselves */
  tooltip: string;
}

/**
 * The cost of each period as bars, with an accessible title and description, and the same
 * figures as a table that only screen readers meet (a chart's bars say little to them).
 */
export function UsageChart({ series }: { series: Series }) {
  const { t } = useTranslation();
  const format = useUsageFormat();
  const { granularity, points } = series;
  const title = t(granularity === 'hour' ? 'usage.chartTitleHour' : 'usage.chartTitleDay');
  const data: Datum[] = points.map((point) => ({
    x: new Date(point.at),
    y: Number(point.cost),
    tooltip: `${format.period(point.at, granularity)}: ${format.cost(point.cost)}`,
  }));
  const first = points[0];
  const last = points[points.length - 1];
  const description =
    first && last
      ? t('usage.chartDesc', {
          from: format.period(first.at, granularity),
          to: format.period(last.at, granularity),
        })
      : '';

  return (
    <Card>
      <CardTitle component="h2">{title}</CardTitle>
      <CardBody>
        <div style={{ height: 260 }}>
          <Chart
            ariaTitle={title}
            ariaDesc={description}
            containerComponent={
              <ChartVoronoiContainer
                labels={({ datum }: { datum: Datum }) => datum.tooltip}
                constrainToVisibleArea
              />
            }
            scale={{ x: 'time', y: 'linear' }}
            domainPadding={{ x: 16 }}
            height={260}
            width={900}
            padding={{ top: 16, bottom: 48, left: 72, right: 24 }}
          >
            <ChartAxis
              fixLabelOverlap
              tickFormat={(at: Date) => format.period(at.toISOString(), granularity)}
            />
            <ChartAxis dependentAxis showGrid tickFormat={(y: number) => format.cost(String(y))} />
            <ChartBar data={data} barRatio={0.8} />
          </Chart>
        </div>
        <Table className="pf-v6-screen-reader" variant="compact">
          <Caption>{t('usage.chartTable')}</Caption>
          <Thead>
            <Tr>
              <Th>{t('usage.period')}</Th>
              <Th>{t('usage.cost')}</Th>
              <Th>{t('usage.requests')}</Th>
              <Th>{t('usage.tokens')}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {points.map((point) => (
              <Tr key={point.at}>
                <Td>{format.period(point.at, granularity)}</Td>
                <Td>{format.cost(point.cost)}</Td>
                <Td>{format.count(point.requests)}</Td>
                <Td>{format.count(point.total_tokens)}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </CardBody>
    </Card>
  );
}
