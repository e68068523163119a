import { Button, Content, Label, LabelGroup } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAdminUsers, type AdminUser } from '../../api/adminUsers';
import { ListToolbar } from '../../components/ListToolbar';
import { usePaging } from '../../components/usePaging';
import { useCanAct } from './access';
import { AdminTable, type Column } from './AdminTable';
import { Loaded } from './Loaded';
import { RolesModal } from './RolesModal';
import { Section } from './Section';
import { ActivationModal } from './ActivationModal';

type Editing = { user: AdminUser; what: 'roles' | 'activation' } | null;

export function UsersTab() {
  const { t } = useTranslation();
  const canAct = useCanAct();
  const paging = usePaging();
  const { search, page, pageSize } = paging;
  const users = useAdminUsers({ search, page, pageSize });
  const [editing, setEditing] = useState<Editing>(null);
  const close = () => {
    setEditing(null);
  };

  const columns: Column<AdminUser>[] = [
    {
      title: t('admin.users.username'),
      cell: (user) => (
        <>
          {user.username}
          {user.full_name && <Content component="small"> {user.full_name}</Content>}
        </>
      ),
    },
    { title: t('admin.users.email'), cell: (user) => user.email ?? '' },
    {
      title: t('admin.users.roles'),
      cell: (user) => (
        <LabelGroup>
          {user.roles.map((role) => (
            <Label key={role} color={role === 'user' ? 'grey' : 'blue'}>
              {role}
            </Label>
          ))}
        </LabelGroup>
      ),
    },
    {
      title: t('admin.users.status'),
      cell: (user) =>
        user.active ? (
          <Label color="green">{t('admin.users.active')}</Label>
        ) : (
          <Label color="red">{t('admin.users.deactivated')}</Label>
        ),
    },
  ];
  if (canAct)
    columns.push({
      title: t('admin.actions'),
      cell: (user) => (
        <>
          <Button
            variant="link"
            aria-label={t('admin.users.editRolesOf', { user: user.username })}
            onClick={() => {
              setEditing({ user, what: 'roles' });
            }}
          >
            {t('admin.users.editRoles')}
          </Button>
          <Button
            variant="link"
            isDanger={user.active}
            aria-label={t(user.active ? 'admin.users.deactivateOne' : 'admin.users.reactivateOne', {
              user: user.username,
            })}
            onClick={() => {
              setEditing({ user, what: 'activation' });
            }}
          >
            {t(user.active ? 'admin.users.deactivate' : 'admin.users.reactivate')}
          </Button>
        </>
      ),
    });

  return (
    <Section title={t('admin.sections.users')} intro={t('admin.users.intro')}>
      <ListToolbar
        paging={paging}
        total={users.data?.total ?? 0}
        searchLabel={t('admin.users.search')}
        // wide enough for its placeholder, which names both fields searched
        searchStyle={{ minWidth: '22rem' }}
      />
      <Loaded
        query={users}
        failed={t('admin.users.loadFailed')}
        isEmpty={(found) => found.items.length === 0}
        emptyTitle={t('admin.users.emptyTitle')}
        emptyBody={t(search ? 'admin.users.emptySearch' : 'admin.users.emptyBody')}
      >
        {(found) => (
          <AdminTable
            label={t('admin.users.tableLabel')}
            rows={found.items}
            rowKey={(user) => user.id}
            columns={columns}
          />
        )}
      </Loaded>
      {editing?.what === 'roles' && <RolesModal user={editing.user} onDone={close} />}
      {editing?.what === 'activation' && <ActivationModal user={editing.user} onDone={close} />}
    </Section>
  );
}
