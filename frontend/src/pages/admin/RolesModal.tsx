import {
  Button,
  Checkbox,
  Content,
  Form,
  FormGroup,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Stack,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSetRoles, type AdminUser, type Role } from '../../api/adminUsers';
import { ErrorAlert } from '../../components/states';

// Everyone keeps `user`; these are the roles an admin grants by hand.
const GRANTABLE: Role[] = ['admin', 'admin-readonly'];

/** Sets the roles granted by hand; a change ends the user's tokens (their next login has it). */
export function RolesModal({ user, onDone }: { user: AdminUser; onDone: () => void }) {
  const { t } = useTranslation();
  const setRoles = useSetRoles();
  const [granted, setGranted] = useState(
    () => new Set(GRANTABLE.filter((role) => user.admin_roles.includes(role))),
  );
  const toggle = (role: Role, on: boolean) => {
    const next = new Set(granted);
    if (on) next.add(role);
    else next.delete(role);
    setGranted(next);
  };
  const save = () => {
    const roles: Role[] = ['user', ...GRANTABLE.filter((role) => granted.has(role))];
    setRoles.mutate({ id: user.id, roles }, { onSuccess: onDone });
  };
  return (
    <Modal isOpen variant="small" onEscapePress={onDone} aria-labelledby="roles-title">
      <ModalHeader
        title={t('admin.users.rolesTitle', { user: user.username })}
        labelId="roles-title"
      />
      <ModalBody>
        <Stack hasGutter>
          {setRoles.isError && (
            <ErrorAlert error={setRoles.error} title={t('admin.users.changeFailed')} />
          )}
          <Content component="p">{t('admin.users.rolesBody')}</Content>
          <Form
            id="roles-form"
            onSubmit={(event) => {
              event.preventDefault();
              save();
            }}
          >
            <FormGroup role="group" isStack label={t('admin.users.grantedRoles')} fieldId="roles">
              {GRANTABLE.map((role) => (
                <Checkbox
                  key={role}
                  id={`role-${role}`}
                  label={t(role === 'admin' ? 'admin.users.roleAdmin' : 'admin.users.roleReadonly')}
                  isChecked={granted.has(role)}
                  onChange={(_event, on) => {
                    toggle(role, on);
                  }}
                />
              ))}
            </FormGroup>
          </Form>
          {user.group_roles.length > 0 && (
            <Content component="p">
              {t('admin.users.groupRoles', { roles: user.group_roles.join(', ') })}
            </Content>
          )}
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button
          type="submit"
          form="roles-form"
          isLoading={setRoles.isPending}
          isDisabled={setRoles.isPending}
        >
          {t('admin.users.saveRoles')}
        </Button>
        <Button variant="link" onClick={onDone}>
          {t('common.back')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
