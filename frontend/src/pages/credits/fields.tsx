import {
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextArea,
  TextInput,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';

interface AmountProps {
  id: string;
  label: string;
  value: string;
  /** the helper text below: what to type, or what is wrong with what was typed */
  help: string;
  invalid: boolean;
  onChange: (value: string) => void;
}

/** A required decimal amount (credits, USD) typed as text, its helper text read with it. */
export function AmountField({ id, label, value, help, invalid, onChange }: AmountProps) {
  return (
    <FormGroup label={label} isRequired fieldId={id}>
      <TextInput
        id={id}
        isRequired
        inputMode="decimal"
        value={value}
        validated={invalid ? 'error' : 'default'}
        aria-describedby={`${id}-help`}
        onChange={(_event, typed) => {
          onChange(typed);
        }}
      />
      <FormHelperText>
        <HelperText id={`${id}-help`}>
          <HelperTextItem variant={invalid ? 'error' : 'default'}>{help}</HelperTextItem>
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );
}

/** The required reason a credit move or a limit request is kept with. */
export function ReasonField(props: { id: string; value: string; onChange: (v: string) => void }) {
  const { id, value, onChange } = props;
  const { t } = useTranslation();
  return (
    <FormGroup label={t('credits.reason')} isRequired fieldId={id}>
      <TextArea
        id={id}
        isRequired
        value={value}
        onChange={(_event, typed) => {
          onChange(typed);
        }}
      />
    </FormGroup>
  );
}
