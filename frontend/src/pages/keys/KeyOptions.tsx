import {
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../../api/teams';

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
    <FormGroup label={t('keys.expiry')} fieldId="key-expiry">
      <FormSelect
        id="key-expiry"
        value={value}
        onChange={(_event, chosen) => {
          onChange(chosen as Expiry);
        }}
      >
        {EXPIRIES.map((expiry) => (
          <FormSelectOption key={expiry} value={expiry} label={labels[expiry]} />
        ))}
      </FormSelect>
    </FormGroup>
  );
}

/** Whose key it is: the caller's own, or one of their (not archived) teams'. */
export function TeamField({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const open = teams.data?.filter((team) => !team.archived) ?? [];
  return (
    <FormGroup label={t('keys.team')} fieldId="key-team">
      <FormSelect
        id="key-team"
        value={value}
        isDisabled={teams.isPending}
        onChange={(_event, chosen) => {
          onChange(chosen);
        }}
      >
        <FormSelectOption value="" label={t('keys.personal')} />
        {open.map((team) => (
          <FormSelectOption key={team.id} value={team.id} label={team.name} />
        ))}
      </FormSelect>
      <FormHelperText>
        <HelperText>
          {teams.isError ? (
            <HelperTextItem variant="error">{t('keys.teamsFailed')}</HelperTextItem>
          ) : (
            <HelperTextItem>{t('keys.teamHelp')}</HelperTextItem>
          )}
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );
}
