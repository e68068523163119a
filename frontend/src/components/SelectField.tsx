import { FormGroup, FormSelect, FormSelectOption } from '@patternfly/react-core';
import type { ReactNode } from 'react';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

interface Props<T extends string> {
  id: string;
  label: string;
  value: T;
  choices: Choice<T>[];
  onChange: (value: T) => void;
  isRequired?: boolean;
  isDisabled?: boolean;
  /** below the select: its helper text */
  children?: ReactNode;
}

/** A labelled native select over a fixed list of choices. */
export function SelectField<T extends string>(props: Props<T>) {
  const { id, label, value, choices, onChange, isRequired, isDisabled, children } = props;
  return (
    <FormGroup label={label} fieldId={id} isRequired={isRequired}>
      <FormSelect
        id={id}
        value={value}
        isDisabled={isDisabled}
        onChange={(_event, chosen) => {
          // a native select offers only the values given it
          onChange(chosen as T);
        }}
      >
        {choices.map((choice) => (
          <FormSelectOption key={choice.value} value={choice.value} label={choice.label} />
        ))}
      </FormSelect>
      {children}
    </FormGroup>
  );
}
