import { Checkbox, FormGroup, FormSection, TextInput } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal';
import { useCreateKey, type Key } from '../../api/keys';
import { useSubscriptions } from '../../api/subscriptions';
import { RouterLink } from '../../components/RouterLink';
import { Empty, ErrorAlert, Loading } from '../../components/states';
import { ExpiryField, expiresAt, TeamField, type Expiry } from './KeyOptions';
import { invalidLimits, limitsOf, NO_LIMITS } from './limits';
import { LimitsFields } from './LimitsFields';

interface Props {
  /** a key for this team, chosen already (the team's page) */
  teamId?: string;
  teamName?: string;
  onCreated: (key: Key) => void;
  onCancel: () => void;
}

function ModelChoices({
  chosen,
  onToggle,
}: {
  chosen: string[];
  onToggle: (model: string) => void;
}) {
  const { t } = useTranslation();
  const active = useSubscriptions('active');
  if (active.isPending) return <Loading />;
  if (active.isError) return <ErrorAlert error={active.error} />;
  if (active.data.items.length === 0) {
    return (
      <Empty
        title={t('keys.noModelsTitle')}
        action={<RouterLink href="/models">{t('subscriptions.browse')}</RouterLink>}
      >
        {t('keys.noModelsBody')}
      </Empty>
    );
  }
  return (
    <FormGroup role="group" isStack label={t('keys.models')} isRequired fieldId="key-models">
      {active.data.items.map(({ model_id: model }) => (
        <Checkbox
          key={model}
          id={`key-model-${model}`}
          label={model}
          isChecked={chosen.includes(model)}
          onChange={() => {
            onToggle(model);
          }}
        />
      ))}
    </FormGroup>
  );
}

/** A key over one or more of the caller's actively subscribed models, mine or a team's. */
export function CreateKeyModal({ teamId, teamName, onCreated, onCancel }: Props) {
  const { t } = useTranslation();
  const create = useCreateKey();
  const [name, setName] = useState('');
  const [models, setModels] = useState<string[]>([]);
  const [team, setTeam] = useState(teamId ?? '');
  const [expiry, setExpiry] = useState<Expiry>('');
  const [limits, setLimits] = useState(NO_LIMITS);
  const toggle = (model: string) => {
    setModels((now) => (now.includes(model) ? now.filter((m) => m !== model) : [...now, model]));
  };
  const submit = () => {
    create.mutate(
      {
        name: name.trim(),
        models,
        ...(team && { team_id: team }),
        ...limitsOf(limits),
        ...(expiry && { expires_at: expiresAt(expiry) }),
      },
      { onSuccess: onCreated },
    );
  };
  const ready =
    name.trim() !== '' &&
    models.length > 0 &&
    invalidLimits(limits).length === 0 &&
    !create.isPending;

  return (
    <FormModal
      id="create-key"
      title={t('keys.createTitle')}
      description={teamName && t('keys.forTeam', { name: teamName })}
      variant="medium"
      mutation={create}
      failed={t('keys.createFailed')}
      submit={t('keys.create')}
      ready={ready}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <FormGroup label={t('keys.name')} isRequired fieldId="key-name">
        <TextInput
          id="key-name"
          isRequired
          value={name}
          onChange={(_event, value) => {
            setName(value);
          }}
        />
      </FormGroup>
      <ModelChoices chosen={models} onToggle={toggle} />
      {teamId === undefined && <TeamField value={team} onChange={setTeam} />}
      <ExpiryField value={expiry} onChange={setExpiry} />
      <FormSection title={t('keys.limitsTitle')} titleElement="h2">
        <LimitsFields idPrefix="key" draft={limits} onChange={setLimits} />
      </FormSection>
    </FormModal>
  );
}
