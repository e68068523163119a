import { FormSelect, FormSelectOption } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';

interface Props<K extends string> {
  id: string;
  kinds: readonly K[];
  value: K | undefined;
  onChange: (next: K | undefined) => void;
}

/** Narrows a sync list to one entity type (users, teams, keys...) or shows them all. */
export function EntityTypeSelect<K extends string>({ id, kinds, value, onChange }: Props<K>) {
  const { t } = useTranslation();
  return (
    <FormSelect
      id={id}
      aria-label={t('admin.sync.entityFilter')}
      value={value ?? ''}
      onChange={(_event, next) => {
        onChange(kinds.find((kind) => kind === next));
      }}
    >
      <FormSelectOption value="" label={t('admin.sync.anyEntity')} />
      {kinds.map((kind) => (
        <FormSelectOption key={kind} value={kind} label={t(`admin.entity.${kind}`)} />
      ))}
    </FormSelect>
  );
}
