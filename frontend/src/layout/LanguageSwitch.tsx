import { FormSelect, FormSelectOption } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES, type Language } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <FormSelect
      aria-label={t('masthead.language')}
      value={i18n.language}
      onChange={(_event, value) => void changeLanguage(value as Language)}
    >
      {Object.entries(LANGUAGES).map(([code, name]) => (
        <FormSelectOption key={code} value={code} label={name} />
      ))}
    </FormSelect>
  );
}
