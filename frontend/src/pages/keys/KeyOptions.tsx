import { FormHelperText, HelperText, HelperTextItem } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../../api/teams';
import { SelectField } from '../../components/SelectField';

const DAY_MS = 86_400_000;

/** Expiry choices, in days from now ('' never expires). */
export const EXPIRIES = ['', '7', '30', '90', '365'] as const;
export type Expiry = (typeof EXPIRIES)[number];

/** The `expires_at` the service wants (a time zone, in the future) for a choice, or none. */
export function expiresAt(expiry: Expiry, now = Date.now()): string | undefined {
  return expiry === '' ? undefined : new Date(now + Number(expiry) * DAY_MS).toISOString();
}

export function ExpiryField({
  value,
  onChange,
}: {
  value: Expiry;
  onChange: (value: Expiry) => void;
}) {
  const { t } = useTranslation();
  const labels: Record<Expiry, string> = {
    '': t('keys.expiryNever'),
    '7': t('keys.expiryDays', { count: 7 }),
    '30': t('keys.expiryDays', { count: 30 }),
    '90': t('keys.expiryDays', { count: 90 }),
    '365': t('keys.expiryYear'),
  };
  return (
    <SelectField
      id="key-expiry"
      label={t('keys.expiry')}
      value={value}
      choices={EXPIRIES.map((expiry) => ({ value: expiry, label: labels[expiry] }))}
      onChange={onChange}
    />
  );
}

/** Whose key it is: the caller's own, or one of their (not archived) teams'. */
export function TeamField({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const open = teams.data?.filter((team) => !team.archived) ?? [];
  return (
    <SelectField
      id="key-team"
      label={t('keys.team')}
      value={value}
      isDisabled={teams.isPending}
      choices={[
        { value: '', label: t('keys.personal') },
        ...open.map((team) => ({ value: team.id, label: team.name })),
      ]}
      onChange={onChange}
    >
      <FormHelperText>
        <HelperText>
          {teams.isError ? (
            <HelperTextItem variant="error">{t('keys.teamsFailed')}</HelperTextItem>
          ) : (
            <HelperTextItem>{t('keys.teamHelp')}</HelperTextItem>
          )}
        </HelperText>
      </FormHelperText>
    </SelectField>
  );
}
