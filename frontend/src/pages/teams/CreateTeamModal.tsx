import { FormGroup, FormSection, TextArea, TextInput } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateTeam, type NewTeam, type Team } from '../../api/teams';
import { useAuth } from '../../auth/context';
import { FormModal } from '../../components/FormModal';
import { invalidLimits, limitsOf, NO_LIMITS } from '../keys/limits';
import { LimitsFields } from '../keys/LimitsFields';

interface Props {
  onCreated: (team: Team) => void;
  onCancel: () => void;
}

/** A new team, owned by the caller; platform admins may give it limits at once. */
export function CreateTeamModal({ onCreated, onCancel }: Props) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const setsLimits = !!user?.roles.includes('admin');
  const create = useCreateTeam();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [limits, setLimits] = useState(NO_LIMITS);
  const submit = () => {
    const team: NewTeam = { name: name.trim(), description: description.trim() };
    const chosen = limitsOf(limits);
    if (setsLimits && Object.keys(chosen).length > 0) team.limits = chosen;
    create.mutate(team, { onSuccess: onCreated });
  };
  const ready = name.trim() !== '' && invalidLimits(limits).length === 0 && !create.isPending;

  return (
    <FormModal
      id="create-team"
      title={t('teams.createTitle')}
      description={t('teams.ownerNote')}
      variant="medium"
      mutation={create}
      failed={t('teams.createFailed')}
      submit={t('teams.create')}
      ready={ready}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <FormGroup label={t('teams.name')} isRequired fieldId="team-name">
        <TextInput
          id="team-name"
          isRequired
          maxLength={100}
          value={name}
          onChange={(_event, value) => {
            setName(value);
          }}
        />
      </FormGroup>
      <FormGroup label={t('teams.description')} fieldId="team-description">
        <TextArea
          id="team-description"
          maxLength={1000}
          value={description}
          onChange={(_event, value) => {
            setDescription(value);
          }}
        />
      </FormGroup>
      {setsLimits && (
        <FormSection title={t('teams.limitsTitle')} titleElement="h2">
          <p>{t('teams.adminLimits')}</p>
          <LimitsFields idPrefix="team" draft={limits} onChange={setLimits} />
        </FormSection>
      )}
    </FormModal>
  );
}
