import { Button, FormSelect, FormSelectOption, Label, Stack } from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  memberName,
  useChangeRole,
  useRemoveMember,
  type Team,
  type TeamMember,
  type TeamRole,
} from '../../api/teams';
import { useAuth } from '../../auth/context';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/states';
import { TableHead } from '../../components/TableHead';
import { AddMemberModal } from './AddMemberModal';
import { useRoleName, type TeamPowers } from './powers';

function RemoveMember({
  team,
  member,
  onDone,
}: {
  team: Team;
  member: TeamMember;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const remove = useRemoveMember(team.id);
  const leaving = member.user_id === user?.id;
  return (
    <ConfirmModal
      title={t(leaving ? 'teams.leaveTitle' : 'teams.removeTitle')}
      confirm={t(leaving ? 'teams.leave' : 'teams.remove')}
      busy={remove.isPending}
      onConfirm={() => {
        remove.mutate(member.user_id, {
          // who leaves cannot see the team any more
          onSuccess: () => {
            if (leaving) void navigate('/teams');
            else onDone();
          },
        });
      }}
      onCancel={onDone}
    >
      <Stack hasGutter>
        {remove.isError && <ErrorAlert error={remove.error} title={t('teams.removeFailed')} />}
        <p>
          {leaving ? t('teams.leaveBody') : t('teams.removeBody', { user: memberName(member) })}
        </p>
        <p>
          {team.member_keys_on_leave === 'revoke' ? t('teams.keysRevoked') : t('teams.keysKept')}
        </p>
      </Stack>
    </ConfirmModal>
  );
}

/** A member by username; a user id (when the service gave no username) reads as code. */
function MemberName({ member, me }: { member: TeamMember; me: boolean }) {
  const { t } = useTranslation();
  const name = memberName(member);
  const text = me ? t('teams.you', { name }) : name;
  return member.username ? <>{text}</> : <code>{text}</code>;
}

/** A manager's choice of a member's role; owners are made and unmade by owners only. */
function RoleChoice({
  member,
  canOwn,
  busy,
  onChange,
}: {
  member: TeamMember;
  canOwn: boolean;
  busy: boolean;
  onChange: (role: TeamRole) => void;
}) {
  const { t } = useTranslation();
  const roleName = useRoleName();
  const roles: TeamRole[] = canOwn ? ['member', 'admin', 'owner'] : ['member', 'admin'];
  return (
    <FormSelect
      aria-label={t('teams.roleOf', { user: memberName(member) })}
      value={member.role}
      isDisabled={busy}
      onChange={(_event, value) => {
        onChange(value as TeamRole);
      }}
    >
      {roles.map((role) => (
        <FormSelectOption key={role} value={role} label={roleName(role)} />
      ))}
    </FormSelect>
  );
}

/** The team's members and roles; managers add them, change roles and remove them; anyone may leave. */
export function MembersSection({ team, powers }: { team: Team; powers: TeamPowers }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const roleName = useRoleName();
  const changeRole = useChangeRole(team.id);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const members = team.members ?? [];
  const columns = { user: t('teams.user'), role: t('teams.role'), actions: t('teams.actions') };
  // removing an owner takes an owner's power (or a platform admin's)
  const mayRemove = (member: TeamMember) =>
    member.user_id === user?.id || (member.role === 'owner' ? powers.own : powers.manage);
  // an owner's role is an owner's (or a platform admin's) to change
  const mayChangeRole = (member: TeamMember) =>
    member.role === 'owner' ? powers.own : powers.manage;
  return (
    <Stack hasGutter>
      {changeRole.isError && <ErrorAlert error={changeRole.error} title={t('teams.roleFailed')} />}
      {powers.manage && (
        <div>
          <Button
            onClick={() => {
              setAdding(true);
            }}
          >
            {t('teams.addMember')}
          </Button>
        </div>
      )}
      <Table aria-label={t('teams.membersLabel')} variant="compact">
        <TableHead columns={columns} />
        <Tbody>
          {members.map((member) => {
            const me = member.user_id === user?.id;
            return (
              <Tr key={member.user_id}>
                <Td dataLabel={columns.user}>
                  <MemberName member={member} me={me} />
                </Td>
                <Td dataLabel={columns.role}>
                  {mayChangeRole(member) ? (
                    <RoleChoice
                      member={member}
                      canOwn={powers.own}
                      busy={changeRole.isPending}
                      onChange={(role) => {
                        changeRole.mutate({ user_id: member.user_id, role });
                      }}
                    />
                  ) : (
                    <Label color={member.role === 'member' ? 'grey' : 'blue'}>
                      {roleName(member.role)}
                    </Label>
                  )}
                </Td>
                <Td dataLabel={columns.actions}>
                  {mayRemove(member) && (
                    <Button
                      variant="link"
                      isDanger
                      aria-label={
                        me ? undefined : t('teams.removeOne', { user: memberName(member) })
                      }
                      onClick={() => {
                        setRemoving(member);
                      }}
                    >
                      {me ? t('teams.leave') : t('teams.remove')}
                    </Button>
                  )}
                </Td>
              </Tr>
            );
          })}
        </Tbody>
      </Table>
      {adding && (
        <AddMemberModal
          team={team}
          canAddOwner={powers.own}
          onDone={() => {
            setAdding(false);
          }}
        />
      )}
      {removing && (
        <RemoveMember
          team={team}
          member={removing}
          onDone={() => {
            setRemoving(null);
          }}
        />
      )}
    </Stack>
  );
}
