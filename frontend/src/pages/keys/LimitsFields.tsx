import {
  FormGroup,
  FormHelperText,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  TextInput,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { DURATIONS, invalidLimits, type LimitField, type LimitsDraft } from './limits';
import { SelectField } from '../../components/SelectField';

interface Props {
  /** makes the inputs' ids unique on the page */
  idPrefix: string;
  draft: LimitsDraft;
  onChange: (draft: LimitsDraft) => void;
}

function NumberField({
  id,
  label,
  value,
  invalid,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  invalid: boolean;
  error: string;
  onChange: (value: string) => void;
}) {
  return (
    <FormGroup label={label} fieldId={id}>
      <TextInput
        id={id}
        inputMode="decimal"
        value={value}
        validated={invalid ? 'error' : 'default'}
        onChange={(_event, text) => {
          onChange(text);
        }}
      />
      {invalid && (
        <FormHelperText>
          <HelperText>
            <HelperTextItem variant="error">{error}</HelperTextItem>
          </HelperText>
        </FormHelperText>
      )}
    </FormGroup>
  );
}

/** Budget, its period and rate limits; every field may stay empty (no limit). */
export function LimitsFields({ idPrefix, draft, onChange }: Props) {
  const { t } = useTranslation();
  const bad = invalidLimits(draft);
  const set = (field: keyof LimitsDraft) => (value: string) => {
    onChange({ ...draft, [field]: value });
  };
  const numberField = (field: LimitField, label: string, error: string) => (
    <NumberField
      id={`${idPrefix}-${field}`}
      label={label}
      value={draft[field]}
      invalid={bad.includes(field)}
      error={error}
      onChange={set(field)}
    />
  );
  const durations: string[] = [...DURATIONS];
  if (draft.budgetDuration && !durations.includes(draft.budgetDuration)) {
    durations.push(draft.budgetDuration);
  }
  const durationLabels: Record<string, string> = {
    '1d': t('keys.duration1d'),
    '7d': t('keys.duration7d'),
    '30d': t('keys.duration30d'),
  };
  return (
    <Grid hasGutter md={6}>
      <GridItem>
        {numberField('maxBudget', t('keys.maxBudget'), t('keys.maxBudgetInvalid'))}
      </GridItem>
      <GridItem>
        <SelectField
          id={`${idPrefix}-duration`}
          label={t('keys.budgetDuration')}
          value={draft.budgetDuration}
          choices={[
            { value: '', label: t('keys.durationNone') },
            ...durations.map((duration) => ({
              value: duration,
              label: durationLabels[duration] ?? duration,
            })),
          ]}
          onChange={set('budgetDuration')}
        />
      </GridItem>
      <GridItem>{numberField('tpm', t('keys.tpmLimit'), t('keys.rateInvalid'))}</GridItem>
      <GridItem>{numberField('rpm', t('keys.rpmLimit'), t('keys.rateInvalid'))}</GridItem>
    </Grid>
  );
}
