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
import { RouterLink } from '../../components/RouterLink';

interface Props {
  keyId: string;
  name: string;
  secret: string;
  /** the title: a new key, or a rotated key's new secret */
  rotated?: boolean;
  onDone: () => void;
}

/**
 * The new key's secret, shown this once: the service keeps only its hash. The playground link
 * carries the key's id only; the playground finds the secret in this tab's memory (secrets.ts).
 */
export function SecretModal({ keyId, name, secret, rotated = false, onDone }: Props) {
  const { t } = useTranslation();
  return (
    <Modal isOpen variant="medium" aria-labelledby="secret-title" onEscapePress={onDone}>
      <ModalHeader
        title={t(rotated ? 'keys.rotatedTitle' : 'keys.secretTitle', { name })}
        labelId="secret-title"
      />
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
        <Button
          variant="secondary"
          component={RouterLink}
          href={`/playground?key=${encodeURIComponent(keyId)}`}
        >
          {t('keys.usePlayground')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
