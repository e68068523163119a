import {
  Alert,
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
import { UnknownUser, USER_ID, useAddMember, type Team, type TeamRole } from '../../api/teams';
import { isAdmin, useAuth } from '../../auth/context';
import { ErrorAlert } from '../../components/states';
import { useRoleName } from './powers';

interface Props {
  team: Team;
  /** owners (and platform admins) may add another owner */
  canAddOwner: boolean;
  onDone: () => void;
}

/** Adds someone by user id (or, for platform admins, by username) with a role. */
export function AddMemberModal({ team, canAddOwner, onDone }: Props) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const looksUp = isAdmin(user);
  const roleName = useRoleName();
  const add = useAddMember(team.id);
  const [who, setWho] = useState('');
  const [role, setRole] = useState<TeamRole>('member');
  const roles: TeamRole[] = canAddOwner ? ['member', 'admin', 'owner'] : ['member', 'admin'];
  const text = who.trim();
  // only platform admins can turn a username into an id; others must give the id
  const needsId = text !== '' && !looksUp && !USER_ID.test(text);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ user: text, role }, { onSuccess: onDone });
  };
  const ready = text !== '' && !needsId && !add.isPending;

  return (
    <Modal isOpen variant="small" aria-labelledby="add-member-title" onEscapePress={onDone}>
      <ModalHeader title={t('teams.addTitle')} labelId="add-member-title" description={team.name} />
      <ModalBody>
        <Form id="add-member-form" onSubmit={submit}>
          {add.error instanceof UnknownUser ? (
            <Alert variant="danger" isInline title={t('teams.addFailed')}>
              {t('teams.noSuchUser', { name: add.error.username })}
            </Alert>
          ) : (
            add.isError && <ErrorAlert error={add.error} title={t('teams.addFailed')} />
          )}
          <FormGroup label={t('teams.who')} isRequired fieldId="member-who">
            <TextInput
              id="member-who"
              isRequired
              value={who}
              validated={needsId ? 'error' : 'default'}
              onChange={(_event, value) => {
                setWho(value);
              }}
            />
            <FormHelperText>
              <HelperText>
                {needsId ? (
                  <HelperTextItem variant="error">{t('teams.needId')}</HelperTextItem>
                ) : (
                  <HelperTextItem>
                    {looksUp ? t('teams.whoHelpAdmin') : t('teams.whoHelp')}
                  </HelperTextItem>
                )}
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
