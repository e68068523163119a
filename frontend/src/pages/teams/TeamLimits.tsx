import {
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Stack,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChangeTeam, type Team } from '../../api/teams';
import { useFormat } from '../../components/format';
import { FormModal } from '../../components/FormModal';
import { draftOf, invalidLimits, limitsOf } from '../keys/limits';
import { LimitsFields } from '../keys/LimitsFields';
import { useUsd } from '../keys/money';

function EditLimits({ team, onDone }: { team: Team; onDone: () => void }) {
  const { t } = useTranslation();
  const change = useChangeTeam(team.id);
  const [draft, setDraft] = useState(() => draftOf(team));
  const submit = () => {
    const set = limitsOf(draft);
    // every limit is sent: an emptied field removes that limit
    const limits = {
      max_budget: set.max_budget ?? null,
      budget_duration: set.budget_duration ?? null,
      tpm_limit: set.tpm_limit ?? null,
      rpm_limit: set.rpm_limit ?? null,
    };
    change.mutate({ limits }, { onSuccess: onDone });
  };
  const ready = invalidLimits(draft).length === 0 && !change.isPending;
  return (
    <FormModal
      id="team-limits"
      title={t('teams.editTitle')}
      description={team.name}
      variant="medium"
      mutation={change}
      failed={t('teams.saveFailed')}
      submit={t('teams.save')}
      ready={ready}
      onSubmit={submit}
      onCancel={onDone}
    >
      <LimitsFields idPrefix="team-limits" draft={draft} onChange={setDraft} />
    </FormModal>
  );
}

/** The team's budget and rate limits; platform admins change them. */
export function TeamLimits({ team, canEdit }: { team: Team; canEdit: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const usd = useUsd();
  const [editing, setEditing] = useState(false);
  const none = t('teams.noLimit');
  const facts: [string, string][] = [
    [t('teams.maxBudget'), team.max_budget === null ? none : usd(team.max_budget)],
    [t('teams.budgetDuration'), team.budget_duration ?? t('teams.noPeriod')],
    [t('teams.tpm'), format.count(team.tpm_limit) ?? none],
    [t('teams.rpm'), format.count(team.rpm_limit) ?? none],
  ];
  return (
    <Stack hasGutter>
      <DescriptionList isHorizontal aria-label={t('teams.limits')}>
        {facts.map(([term, value]) => (
          <DescriptionListGroup key={term}>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription>{value}</DescriptionListDescription>
          </DescriptionListGroup>
        ))}
      </DescriptionList>
      {canEdit && (
        <div>
          <Button
            variant="secondary"
            onClick={() => {
              setEditing(true);
            }}
          >
            {t('teams.editLimits')}
          </Button>
        </div>
      )}
      {editing && (
        <EditLimits
          team={team}
          onDone={() => {
            setEditing(false);
          }}
        />
      )}
    </Stack>
  );
}
