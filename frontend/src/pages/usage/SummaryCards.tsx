import { Card, CardBody, CardTitle, Content, Gallery } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Summary } from '../../api/usage';
import { useUsageFormat } from './useUsageFormat';

// PatternFly's utility classes are not loaded: its size token, directly
const FIGURE = { fontSize: 'var(--pf-t--global--font--size--2xl)' };

function Figure({ title, value, detail }: { title: string; value: string; detail: ReactNode }) {
  return (
    <Card isCompact>
      <CardTitle component="h2">{title}</CardTitle>
      <CardBody>
        <Content component="p" style={FIGURE}>
          {value}
        </Content>
        <Content component="small">{detail}</Content>
      </CardBody>
    </Card>
  );
}

/** The range's totals: cost, requests (and how many failed), tokens (in and out). */
export function SummaryCards({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  const format = useUsageFormat();
  return (
    <Gallery hasGutter minWidths={{ default: '220px' }} aria-label={t('usage.summaryLabel')}>
      <Figure title={t('usage.cost')} value={format.cost(summary.cost)} detail="USD" />
      <Figure
        title={t('usage.requests')}
        value={format.count(summary.requests)}
        detail={t('usage.failures', { count: summary.failures })}
      />
      <Figure
        title={t('usage.tokens')}
        value={format.count(summary.total_tokens)}
        detail={t('usage.tokensSplit', {
          prompt: format.count(summary.prompt_tokens),
          completion: format.count(summary.completion_tokens),
        })}
      />
    </Gallery>
  );
}
