import { useTranslation } from 'react-i18next';
import type { Team, TeamRole } from '../../api/teams';
import type { User } from '../../api/types';

/**
 * What the caller may do with a team, as the auth and keys services decide it (they refuse
 * anything else with 403; the UI only avoids offering it). An archived team changes no more.
 */
export interface TeamPowers {
  myRole: TeamRole | undefined;
  /** add and remove members (owners and admins of the team, platform admins) */
  manage: boolean;
  /** add or remove owners, archive (owners, platform admins) */
  own: boolean;
  /** set the team's limits (platform admins) */
  setLimits: boolean;
  /** create team keys (the team's owners and admins: a platform admin is not enough) */
  createKeys: boolean;
}

export function powersOf(team: Team, user: User | null): TeamPowers {
  const platformAdmin = !!user?.roles.includes('admin');
  const myRole = team.members?.find((member) => member.user_id === user?.id)?.role;
  const teamManager = myRole === 'owner' || myRole === 'admin';
  const open = !team.archived;
  return {
    myRole,
    manage: open && (platformAdmin || teamManager),
    own: open && (platformAdmin || myRole === 'owner'),
    setLimits: open && platformAdmin,
    createKeys: open && teamManager,
  };
}

/** A team role's name in the reader's language. */
export function useRoleName(): (role: TeamRole) => string {
  const { t } = useTranslation();
  const names: Record<TeamRole, string> = {
    owner: t('teams.roleOwner'),
    admin: t('teams.roleAdmin'),
    member: t('teams.roleMember'),
  };
  return (role) => names[role];
}
