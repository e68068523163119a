import {
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextInput,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddMember, type Team, type TeamRole } from '../../api/teams';
import { FormModal } from '../../components/FormModal';
import { SelectField } from '../../components/SelectField';
import { useRoleName } from './powers';

interface Props {
  team: Team;
  /** owners (and platform admins) may add another owner */
  canAddOwner: boolean;
  onDone: () => void;
}

/** Adds someone by username (or user id) with a role; the service says when no one has it. */
export function AddMemberModal({ team, canAddOwner, onDone }: Props) {
  const { t } = useTranslation();
  const roleName = useRoleName();
  const add = useAddMember(team.id);
  const [who, setWho] = useState('');
  const [role, setRole] = useState<TeamRole>('member');
  const roles: TeamRole[] = canAddOwner ? ['member', 'admin', 'owner'] : ['member', 'admin'];
  const text = who.trim();
  const submit = () => {
    add.mutate({ user: text, role }, { onSuccess: onDone });
  };
  const ready = text !== '' && !add.isPending;

  return (
    <FormModal
      id="add-member"
      title={t('teams.addTitle')}
      description={team.name}
      variant="small"
      mutation={add}
      failed={t('teams.addFailed')}
      submit={t('teams.addMember')}
      ready={ready}
      onSubmit={submit}
      onCancel={onDone}
    >
      <FormGroup label={t('teams.who')} isRequired fieldId="member-who">
        <TextInput
          id="member-who"
          isRequired
          value={who}
          onChange={(_event, value) => {
            setWho(value);
          }}
        />
        <FormHelperText>
          <HelperText>
            <HelperTextItem>{t('teams.whoHelp')}</HelperTextItem>
          </HelperText>
        </FormHelperText>
      </FormGroup>
      <SelectField
        id="member-role"
        label={t('teams.role')}
        value={role}
        choices={roles.map((choice) => ({ value: choice, label: roleName(choice) }))}
        onChange={setRole}
      />
    </FormModal>
  );
}
