import { Alert, Button, Content, PageSection, Stack } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCredits, type CreditAccount, type CreditOwner } from '../../api/credits';
import { useTeams } from '../../api/teams';
import { useAuth } from '../../auth/context';
import { PageHeader } from '../../components/PageHeader';
import { Empty, ErrorAlert, Loading } from '../../components/states';
import { AccountCard } from './AccountCard';
import { Budgets } from './Budgets';
import { formatCredits } from './millicredits';
import { MoveCreditsModal } from './MoveCreditsModal';

type Moving = { owner?: { owner: CreditOwner; ownerId: string } } | null;

/** My prepaid balance and my teams', their transactions, and the budgets that apply to me. */
export function CreditsPage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  // grants and adjustments are for admins only (admin-readonly looks, does not move money)
  const canMove = !!user?.roles.includes('admin');
  const accounts = useCredits();
  // my teams name their accounts and budgets (their ids, if the teams cannot be read)
  const teams = useTeams();
  const teamNames = new Map((teams.data ?? []).map((team) => [team.id, team.name]));
  const [moving, setMoving] = useState<Moving>(null);
  const [moved, setMoved] = useState<CreditAccount | null>(null);
  const titleOf = (account: CreditAccount) =>
    account.owner === 'user'
      ? account.owner_id === user?.id
        ? t('credits.mine')
        : t('credits.userAccount', { id: account.owner_id })
      : t('credits.teamAccount', { name: teamNames.get(account.owner_id) ?? account.owner_id });

  return (
    <>
      <PageHeader title={t('credits.title')}>{t('credits.intro')}</PageHeader>
      <PageSection>
        <Stack hasGutter>
          {canMove && (
            <div>
              <Button
                onClick={() => {
                  setMoved(null);
                  setMoving({});
                }}
              >
                {t('credits.move')}
              </Button>
            </div>
          )}
          {moved && (
            <Alert
              variant="success"
              isInline
              title={t('credits.moved', {
                account: titleOf(moved),
                amount: formatCredits(moved.balance_millicredits, i18n.language),
              })}
            />
          )}
          <Content component="h2">{t('credits.balances')}</Content>
          {accounts.isPending ? (
            <Loading />
          ) : accounts.isError ? (
            <ErrorAlert error={accounts.error} title={t('credits.loadFailed')} />
          ) : accounts.data.length === 0 ? (
            <Empty title={t('credits.emptyTitle')}>{t('credits.emptyBody')}</Empty>
          ) : (
            accounts.data.map((account) => (
              <AccountCard
                key={account.id}
                account={account}
                title={titleOf(account)}
                onMove={
                  canMove
                    ? () => {
                        setMoved(null);
                        setMoving({ owner: { owner: account.owner, ownerId: account.owner_id } });
                      }
                    : undefined
                }
              />
            ))
          )}
          <Content component="h2">{t('credits.budgets')}</Content>
          <Budgets teamNames={teamNames} />
        </Stack>
      </PageSection>
      {moving && (
        <MoveCreditsModal
          owner={moving.owner}
          onDone={(account) => {
            setMoving(null);
            setMoved(account);
          }}
          onCancel={() => {
            setMoving(null);
          }}
        />
      )}
    </>
  );
}
