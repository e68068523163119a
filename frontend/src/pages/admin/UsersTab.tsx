import {
  Button,
  Content,
  Label,
  LabelGroup,
  SearchInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAdminUsers, type AdminUser } from '../../api/adminUsers';
import { Pager } from '../../components/Pager';
import { useDebounced } from '../../components/useDebounced';
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
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const search = useDebounced(text.trim());
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

  const searchFor = (value: string) => {
    setText(value);
    setPage(1);
  };
  return (
    <Section title={t('admin.sections.users')} intro={t('admin.users.intro')}>
      <Toolbar>
        <ToolbarContent>
          {/* wide enough for its placeholder, which names both fields searched */}
          <ToolbarItem style={{ minWidth: '22rem' }}>
            <SearchInput
              aria-label={t('admin.users.search')}
              placeholder={t('admin.users.search')}
              resetButtonLabel={t('common.clearSearch')}
              value={text}
              onChange={(_event, value) => {
                searchFor(value);
              }}
              onClear={() => {
                searchFor('');
              }}
            />
          </ToolbarItem>
          <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
            <Pager
              total={users.data?.total ?? 0}
              page={page}
              pageSize={pageSize}
              onChange={(nextPage, nextSize) => {
                setPage(nextPage);
                setPageSize(nextSize);
              }}
            />
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
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
