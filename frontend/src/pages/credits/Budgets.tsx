import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Content,
  Gallery,
  Progress,
  ProgressMeasureLocation,
  ProgressVariant,
  Stack,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBudgets, type Budget, type IncreaseRequest } from '../../api/budgets';
import { useKeys } from '../../api/keys';
import { useFormat } from '../../components/format';
import { ErrorAlert, Loading } from '../../components/states';
import { IncreaseModal } from './IncreaseModal';

const PERIOD = {
  day: 'credits.periodDay',
  week: 'credits.periodWeek',
  month: 'credits.periodMonth',
  none: 'credits.periodNone',
  minute: 'credits.periodMinute',
} as const;
/** from this share of a limit on, the bar warns */
const WARN_AT = 80;

interface MeterProps {
  title: string;
  used: number;
  limit: number;
  /** "used of limit", in the reader's language */
  label: string;
}

function Meter({ title, used, limit, label }: MeterProps) {
  const share = limit > 0 ? (used / limit) * 100 : 100;
  const variant =
    share >= 100 ? ProgressVariant.danger : share >= WARN_AT ? ProgressVariant.warning : undefined;
  return (
    <Progress
      title={title}
      value={Math.min(100, share)}
      label={label}
      valueText={label}
      measureLocation={ProgressMeasureLocation.outside}
      variant={variant}
    />
  );
}

function BudgetCard({
  budget,
  title,
  onAsk,
}: {
  budget: Budget;
  title: string;
  onAsk: () => void;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const usd = new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'USD' });
  const money = budget.hard_limit ?? budget.soft_limit;
  const of = (used: string, limit: string) => t('credits.usedOf', { used, limit });
  return (
    <Card>
      <CardHeader>
        <CardTitle component="h3">{title}</CardTitle>
        <Content component="small">
          {t(PERIOD[budget.period])}
          {budget.period_end &&
            ` · ${t('credits.resets', { date: format.date(budget.period_end) })}`}
        </Content>
      </CardHeader>
      <CardBody>
        <Stack hasGutter>
          {money !== null && (
            <Meter
              title={t('credits.spend')}
              used={Number(budget.usage.spend)}
              limit={Number(money)}
              label={of(usd.format(Number(budget.usage.spend)), usd.format(Number(money)))}
            />
          )}
          {budget.max_requests !== null && (
            <Meter
              title={t('credits.requests')}
              used={budget.usage.requests}
              limit={budget.max_requests}
              label={of(
                format.count(budget.usage.requests) ?? '',
                format.count(budget.max_requests) ?? '',
              )}
            />
          )}
          {budget.max_tokens !== null && (
            <Meter
              title={t('credits.tokens')}
              used={budget.usage.tokens}
              limit={budget.max_tokens}
              label={of(
                format.count(budget.usage.tokens) ?? '',
                format.count(budget.max_tokens) ?? '',
              )}
            />
          )}
          <div>
            <Button
              variant="link"
              isInline
              aria-label={t('credits.increaseFor', { budget: title })}
              onClick={onAsk}
            >
              {t('credits.increase')}
            </Button>
          </div>
        </Stack>
      </CardBody>
    </Card>
  );
}

/** The budgets that apply to me with this period's use, and a way to ask for more. */
export function Budgets({ teamNames }: { teamNames: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const budgets = useBudgets();
  const keys = useKeys();
  const [asking, setAsking] = useState<{ budget: Budget; title: string } | null>(null);
  const [sent, setSent] = useState<IncreaseRequest | null>(null);
  const usd = new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'USD' });
  const keyNames = new Map((keys.data?.items ?? []).map((key) => [key.id, key.name]));
  const titleOf = (budget: Budget): string => {
    const id = budget.subject_id;
    if (budget.scope === 'user') return t('credits.budgetUser');
    if (budget.scope === 'team') return t('credits.budgetTeam', { name: teamNames.get(id) ?? id });
    if (budget.scope === 'key') return t('credits.budgetKey', { name: keyNames.get(id) ?? id });
    return t('credits.budgetModel', { model: budget.model_id ?? id });
  };

  if (budgets.isPending) return <Loading />;
  if (budgets.isError)
    return <ErrorAlert error={budgets.error} title={t('credits.budgetsFailed')} />;
  if (budgets.data.length === 0)
    return <Content component="p">{t('credits.budgetsEmpty')}</Content>;
  return (
    <Stack hasGutter>
      {sent && (
        <Alert
          variant="success"
          isInline
          title={t('credits.increaseSent', { limit: usd.format(Number(sent.requested_limit)) })}
        />
      )}
      <Gallery hasGutter minWidths={{ default: '320px' }}>
        {budgets.data.map((budget) => (
          <BudgetCard
            key={budget.id}
            budget={budget}
            title={titleOf(budget)}
            onAsk={() => {
              setSent(null);
              setAsking({ budget, title: titleOf(budget) });
            }}
          />
        ))}
      </Gallery>
      {asking && (
        <IncreaseModal
          budget={asking.budget}
          title={asking.title}
          onSent={(request) => {
            setAsking(null);
            setSent(request);
          }}
          onCancel={() => {
            setAsking(null);
          }}
        />
      )}
    </Stack>
  );
}
