import { useTranslation } from 'react-i18next';
import { useSetActive, type AdminUser } from '../../api/adminUsers';
import { ReasonModal } from './ReasonModal';

/** Deactivate (tokens end at once, keys blocked) or reactivate a user, saying why. */
export function ActivationModal({ user, onDone }: { user: AdminUser; onDone: () => void }) {
  const { t } = useTranslation();
  const change = useSetActive();
  const action = user.active ? 'deactivate' : 'reactivate';
  const names = { user: user.username };
  return (
    <ReasonModal
      title={t(`admin.users.${action}Title`, names)}
      confirm={t(`admin.users.${action}`)}
      required
      danger={user.active}
      busy={change.isPending}
      error={change.error}
      errorTitle={t('admin.users.changeFailed')}
      onConfirm={(reason) => {
        change.mutate({ id: user.id, action, reason }, { onSuccess: onDone });
      }}
      onCancel={onDone}
    >
      {t(`admin.users.${action}Body`, names)}
    </ReasonModal>
  );
}
