import { Button, Label } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import type { Model, SubscriptionStatus } from '../../api/types';

interface Props {
  model: Model;
  /** the caller's live subscription to this model, if any */
  status: SubscriptionStatus | undefined;
  busy: boolean;
  onSubscribe: (modelId: string) => void;
}

/** Subscribe, or where the caller's subscription to the model stands. */
export function SubscribeAction({ model, status, busy, onSubscribe }: Props) {
  const { t } = useTranslation();
  if (status === 'active') return <Label color="green">{t('subscriptions.status.active')}</Label>;
  if (status === 'pending')
    return <Label color="orange">{t('subscriptions.status.pending')}</Label>;
  return (
    <Button
      variant="secondary"
      size="sm"
      isLoading={busy}
      isDisabled={busy}
      // the accessible name starts with the visible words (WCAG 2.5.3, label in name)
      aria-label={t(model.restricted ? 'models.requestAccessTo' : 'models.subscribeTo', {
        model: model.id,
      })}
      onClick={() => {
        onSubscribe(model.id);
      }}
    >
      {t(model.restricted ? 'models.requestAccess' : 'models.subscribe')}
    </Button>
  );
}
