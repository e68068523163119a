import { List, ListItem, Stack } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import type { AdminSubscription, Decision } from '../../api/adminSubscriptions';
import { ReasonModal } from './ReasonModal';

interface Props {
  action: Decision;
  subs: AdminSubscription[];
  nameOf: (userId: string) => string;
  busy: boolean;
  error: unknown;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}

/** Names every subscription a denial or suspension will change, and asks why. */
export function DecisionModal({ action, subs, nameOf, busy, error, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  return (
    <ReasonModal
      title={t(`admin.approvals.ask.${action}`)}
      confirm={t(`admin.approvals.action.${action}`)}
      required={action === 'deny'}
      busy={busy}
      error={error}
      errorTitle={t('admin.approvals.nothingChanged')}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <Stack>
        {t('admin.approvals.concerned')}
        <List>
          {subs.map((sub) => (
            <ListItem key={sub.id}>
              {t('admin.approvals.pair', { user: nameOf(sub.user_id), model: sub.model_id })}
            </ListItem>
          ))}
        </List>
      </Stack>
    </ReasonModal>
  );
}
