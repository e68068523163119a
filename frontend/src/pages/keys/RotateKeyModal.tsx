import {
  Button,
  Form,
  FormGroup,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Radio,
  Stack,
} from '@patternfly/react-core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRotateKey, type Key } from '../../api/keys';
import { ErrorAlert } from '../../components/states';

/** How long the old secret keeps working, in seconds (the service caps it at 7 days). */
const OVERLAPS = [0, 3600, 86_400, 604_800] as const;
type Overlap = (typeof OVERLAPS)[number];

interface Props {
  apiKey: Key;
  onRotated: (key: Key) => void;
  onCancel: () => void;
}

/** A new secret for the key; the old one goes on working for the overlap chosen. */
export function RotateKeyModal({ apiKey, onRotated, onCancel }: Props) {
  const { t } = useTranslation();
  const rotate = useRotateKey();
  const [overlap, setOverlap] = useState<Overlap>(3600);
  const labels: Record<Overlap, string> = {
    0: t('keys.overlapNone'),
    3600: t('keys.overlapHour'),
    86_400: t('keys.overlapDay'),
    604_800: t('keys.overlapWeek'),
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rotate.mutate({ id: apiKey.id, overlapSeconds: overlap }, { onSuccess: onRotated });
  };
  return (
    <Modal isOpen variant="small" aria-labelledby="rotate-key-title" onEscapePress={onCancel}>
      <ModalHeader
        title={t('keys.rotateTitle', { name: apiKey.name })}
        labelId="rotate-key-title"
      />
      <ModalBody>
        <Form id="rotate-key-form" onSubmit={submit}>
          <Stack hasGutter>
            {rotate.isError && <ErrorAlert error={rotate.error} title={t('keys.rotateFailed')} />}
            <p>{t('keys.rotateBody')}</p>
            <FormGroup role="radiogroup" isStack label={t('keys.overlap')} fieldId="overlap">
              {OVERLAPS.map((seconds) => (
                <Radio
                  key={seconds}
                  id={`overlap-${String(seconds)}`}
                  name="overlap"
                  label={labels[seconds]}
                  isChecked={overlap === seconds}
                  onChange={() => {
                    setOverlap(seconds);
                  }}
                />
              ))}
            </FormGroup>
          </Stack>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          type="submit"
          form="rotate-key-form"
          isLoading={rotate.isPending}
          isDisabled={rotate.isPending}
        >
          {t('keys.rotate')}
        </Button>
        <Button variant="link" onClick={onCancel}>
          {t('common.back')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
