import { FormGroup, Radio, Stack } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRotateKey, type Key } from '../../api/keys';
import { FormModal } from '../../components/FormModal';

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
  const submit = () => {
    rotate.mutate({ id: apiKey.id, overlapSeconds: overlap }, { onSuccess: onRotated });
  };
  return (
    <FormModal
      id="rotate-key"
      title={t('keys.rotateTitle', { name: apiKey.name })}
      variant="small"
      mutation={rotate}
      failed={t('keys.rotateFailed')}
      submit={t('keys.rotate')}
      ready
      onSubmit={submit}
      onCancel={onCancel}
    >
      <Stack hasGutter>
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
    </FormModal>
  );
}
