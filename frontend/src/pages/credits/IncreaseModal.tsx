import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestIncrease, type Budget, type IncreaseRequest } from '../../api/budgets';
import { FormModal } from '../../components/FormModal';
import { AmountField, ReasonField } from './fields';

/** USD as the billing service takes it: up to 12 digits before the point and 10 after */
const USD = /^\d{1,12}(?:\.\d{1,10})?$/;

/** The typed amount as an exact decimal string, or null when it is not one. */
export function usdOf(typed: string): string | null {
  const normal = typed.trim().replace(',', '.');
  return USD.test(normal) ? normal : null;
}

interface Props {
  budget: Budget;
  title: string;
  onSent: (request: IncreaseRequest) => void;
  onCancel: () => void;
}

/** Asks an administrator for a higher hard limit, with a reason. */
export function IncreaseModal({ budget, title, onSent, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const ask = useRequestIncrease();
  const [limit, setLimit] = useState('');
  const [reason, setReason] = useState('');
  const usd = new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'USD' });
  const asked = usdOf(limit);
  // only a pre-check: the service compares the exact decimals
  const higher =
    asked !== null && (budget.hard_limit === null || Number(asked) > Number(budget.hard_limit));
  const problem = limit === '' ? null : asked === null ? 'invalid' : higher ? null : 'notHigher';
  const ready = asked !== null && higher && reason.trim() !== '' && !ask.isPending;
  const submit = () => {
    if (!ready) return;
    ask.mutate({ id: budget.id, hardLimit: asked, reason: reason.trim() }, { onSuccess: onSent });
  };

  return (
    <FormModal
      id="increase"
      title={t('credits.increaseTitle')}
      description={title}
      variant="small"
      mutation={ask}
      failed={t('credits.increaseFailed')}
      submit={t('credits.send')}
      ready={ready}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <AmountField
        id="increase-limit"
        label={t('credits.newLimit')}
        value={limit}
        invalid={problem !== null}
        help={
          problem === 'invalid'
            ? t('credits.limitInvalid')
            : problem === 'notHigher'
              ? t('credits.limitNotHigher')
              : budget.hard_limit === null
                ? t('credits.noHardLimit')
                : t('credits.currentLimit', { limit: usd.format(Number(budget.hard_limit)) })
        }
        onChange={setLimit}
      />
      <ReasonField id="increase-reason" value={reason} onChange={setReason} />
    </FormModal>
  );
}
