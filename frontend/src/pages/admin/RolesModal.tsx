import { Checkbox, Content, FormGroup } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSetRoles, type AdminUser, type Role } from '../../api/adminUsers';
import { FormModal } from '../../components/FormModal';

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
    <FormModal
      id="roles"
      title={t('admin.users.rolesTitle', { user: user.username })}
      variant="small"
      mutation={setRoles}
      failed={t('admin.users.changeFailed')}
      submit={t('admin.users.saveRoles')}
      ready
      onSubmit={save}
      onCancel={onDone}
    >
      <Content component="p">{t('admin.users.rolesBody')}</Content>
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
      {user.group_roles.length > 0 && (
        <Content component="p">
          {t('admin.users.groupRoles', { roles: user.group_roles.join(', ') })}
        </Content>
      )}
    </FormModal>
  );
}
