import {
  Alert,
  Button,
  ClipboardCopy,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Stack,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';

interface Props {
  name: string;
  secret: string;
  onDone: () => void;
}

/** The new key's secret, shown this once: the service keeps only its hash. */
export function SecretModal({ name, secret, onDone }: Props) {
  const { t } = useTranslation();
  return (
    <Modal isOpen variant="medium" aria-labelledby="secret-title" onEscapePress={onDone}>
      <ModalHeader title={t('keys.secretTitle', { name })} labelId="secret-title" />
      <ModalBody>
        <Stack hasGutter>
          <Alert variant="warning" isInline title={t('keys.secretWarningTitle')}>
            {t('keys.secretWarning')}
          </Alert>
          <ClipboardCopy
            isReadOnly
            isCode
            hoverTip={t('keys.copy')}
            clickTip={t('keys.copied')}
            copyAriaLabel={t('keys.copy')}
            textAriaLabel={t('keys.secretLabel')}
            toggleAriaLabel={t('keys.showSecret')}
          >
            {secret}
          </ClipboardCopy>
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button onClick={onDone}>{t('keys.secretDone')}</Button>
      </ModalFooter>
    </Modal>
  );
}
