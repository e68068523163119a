import { Label, type LabelProps } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import type { SubscriptionStatus } from '../../api/types';

const COLORS: Record<SubscriptionStatus, LabelProps['color']> = {
  active: 'green',
  pending: 'orange',
  suspended: 'red',
  denied: 'red',
  cancelled: 'grey',
};

export function StatusLabel({ status }: { status: SubscriptionStatus }) {
  const { t } = useTranslation();
  return <Label color={COLORS[status]}>{t(`subscriptions.status.${status}`)}</Label>;
}
