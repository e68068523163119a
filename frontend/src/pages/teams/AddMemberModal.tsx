import {
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
} from '@patternfly/react-core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddMember, type Team, type TeamRole } from '../../api/teams';
import { ErrorAlert } from '../../components/states';
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ user: text, role }, { onSuccess: onDone });
  };
  const ready = text !== '' && !add.isPending;

  return (
    <Modal isOpen variant="small" aria-labelledby="add-member-title" onEscapePress={onDone}>
      <ModalHeader title={t('teams.addTitle')} labelId="add-member-title" description={team.name} />
      <ModalBody>
        <Form id="add-member-form" onSubmit={submit}>
          {add.isError && <ErrorAlert error={add.error} title={t('teams.addFailed')} />}
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
          <FormGroup label={t('teams.role')} fieldId="member-role">
            <FormSelect
              id="member-role"
              value={role}
              onChange={(_event, value) => {
                setRole(value as TeamRole);
              }}
            >
              {roles.map((choice) => (
                <FormSelectOption key={choice} value={choice} label={roleName(choice)} />
              ))}
            </FormSelect>
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form="add-member-form" isDisabled={!ready} isLoading={add.isPending}>
          {t('teams.addMember')}
        </Button>
        <Button variant="link" onClick={onDone}>
          {t('common.back')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
