import { Button, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: string;
  confirm: string;
  children: ReactNode;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before something that cannot be undone (cancel a subscription, revoke a key). Closed by
 * its own buttons or Escape: PatternFly's corner close button has an untranslatable label.
 */
export function ConfirmModal({ title, confirm, children, busy, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      isOpen
      variant="small"
      onEscapePress={onCancel}
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
    >
      <ModalHeader title={title} labelId="confirm-title" />
      <ModalBody id="confirm-body">{children}</ModalBody>
      <ModalFooter>
        <Button variant="danger" onClick={onConfirm} isLoading={busy} isDisabled={busy}>
          {confirm}
        </Button>
        <Button variant="link" onClick={onCancel}>
          {t('common.back')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
