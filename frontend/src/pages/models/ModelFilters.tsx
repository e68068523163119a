import { FormSelect, FormSelectOption, TextInput, ToolbarItem } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import type { ModelFilter } from '../../api/models';

/** The catalog's sort orders, as the API names them. */
export const SORTS = [
  'name',
  'input_cost',
  '-input_cost',
  'output_cost',
  '-output_cost',
  '-context_length',
] as const;

interface Props {
  filter: ModelFilter;
  providers: string[];
  capabilities: string[];
  onChange: (next: ModelFilter) => void;
}

/** Provider, capability, price ceilings (per million tokens, as the table shows) and sort. */
export function ModelFilters({ filter, providers, capabilities, onChange }: Props) {
  const { t } = useTranslation();
  const set = (change: Partial<ModelFilter>) => {
    onChange({ ...filter, ...change });
  };
  const choice = (label: string, value: string, options: string[], key: keyof ModelFilter) => (
    <ToolbarItem>
      <FormSelect
        aria-label={label}
        value={value}
        onChange={(_event, next) => {
          set({ [key]: next });
        }}
      >
        <FormSelectOption value="" label={`${label}: ${t('models.any')}`} />
        {options.map((option) => (
          <FormSelectOption key={option} value={option} label={option} />
        ))}
      </FormSelect>
    </ToolbarItem>
  );
  const ceiling = (label: string, value: string, key: 'maxInput' | 'maxOutput') => (
    <ToolbarItem>
      <TextInput
        type="number"
        min={0}
        step="any"
        aria-label={label}
        placeholder={label}
        value={value}
        onChange={(_event, next) => {
          set({ [key]: next });
        }}
      />
    </ToolbarItem>
  );
  return (
    <>
      {choice(t('models.provider'), filter.provider, providers, 'provider')}
      {choice(t('models.capabilities'), filter.capability, capabilities, 'capability')}
      {ceiling(t('models.maxInput'), filter.maxInput, 'maxInput')}
      {ceiling(t('models.maxOutput'), filter.maxOutput, 'maxOutput')}
      <ToolbarItem>
        <FormSelect
          aria-label={t('models.sort')}
          value={filter.sort}
          onChange={(_event, next) => {
            set({ sort: next });
          }}
        >
          {SORTS.map((sort) => (
            <FormSelectOption key={sort} value={sort} label={t(`models.sortBy.${sort}`)} />
          ))}
        </FormSelect>
      </ToolbarItem>
    </>
  );
}
