import { Alert, Button, ToggleGroup, ToggleGroupItem, ToolbarItem } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useAdminSubscriptions,
  useDecide,
  type AdminSubscription,
  type Decision,
} from '../../api/adminSubscriptions';
import type { SubscriptionStatus } from '../../api/types';
import { useUserNames } from '../../api/adminUsers';
import { ListToolbar } from '../../components/ListToolbar';
import { ErrorAlert, Loading } from '../../components/states';
import { usePaging } from '../../components/usePaging';
import { useCanAct } from './access';
import { ACTIONS, ApprovalsTable } from './ApprovalsTable';
import { DecisionModal } from './DecisionModal';
import { Loaded } from './Loaded';
import { Section } from './Section';

const FILTERS: SubscriptionStatus[] = ['pending', 'active', 'suspended'];
// a denial or a suspension is asked for with a reason; approving and reactivating are not
const ASKED = new Set<Decision>(['deny', 'suspend']);

interface Asking {
  action: Decision;
  subs: AdminSubscription[];
  bulk: boolean;
}

export function ApprovalsTab() {
  const { t } = useTranslation();
  const canAct = useCanAct();
  const [status, setStatus] = useState<SubscriptionStatus>('pending');
  const paging = usePaging();
  const subs = useAdminSubscriptions({ status, page: paging.page, pageSize: paging.pageSize });
  const names = useUserNames((subs.data?.items ?? []).map((sub) => sub.user_id));
  const decide = useDecide();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [asking, setAsking] = useState<Asking | null>(null);
  const [done, setDone] = useState('');
  const rows = subs.data?.items ?? [];
  const chosen = rows.filter((sub) => selected.has(sub.id));
  const nameOf = (userId: string) => names.data?.get(userId) ?? userId;

  const start = (action: Decision, chosenSubs: AdminSubscription[], bulk: boolean) => {
    decide.reset();
    setDone('');
    if (ASKED.has(action)) setAsking({ action, subs: chosenSubs, bulk });
    else run({ action, subs: chosenSubs, bulk }, '');
  };
  const run = ({ action, subs: targets, bulk }: Asking, reason: string) => {
    const ids = targets.map((sub) => sub.id);
    decide.mutate(
      { action, ids, reason, bulk },
      {
        onSuccess: (changed) => {
          setAsking(null);
          setSelected(new Set());
          setDone(t(`admin.approvals.done.${action}`, { n: changed.length }));
        },
      },
    );
  };
  const show = (next: SubscriptionStatus) => {
    setStatus(next);
    paging.toFirstPage();
    setSelected(new Set());
    decide.reset();
    setDone('');
  };
  const toggle = (ids: string[], on: boolean) => {
    const next = new Set(selected);
    ids.forEach((id) => (on ? next.add(id) : next.delete(id)));
    setSelected(next);
  };

  return (
    <Section title={t('admin.sections.approvals')} intro={t('admin.approvals.intro')}>
      <ListToolbar
        paging={paging}
        total={subs.data?.total ?? 0}
        onPageChange={() => {
          setSelected(new Set());
        }}
      >
        <ToolbarItem>
          <ToggleGroup aria-label={t('admin.approvals.filter')}>
            {FILTERS.map((each) => (
              <ToggleGroupItem
                key={each}
                text={t(`subscriptions.status.${each}`)}
                isSelected={status === each}
                onChange={() => {
                  show(each);
                }}
              />
            ))}
          </ToggleGroup>
        </ToolbarItem>
        {canAct &&
          (ACTIONS[status] ?? []).map((action) => (
            <ToolbarItem key={action}>
              <Button
                variant={action === 'approve' ? 'primary' : 'secondary'}
                isDanger={ASKED.has(action)}
                isDisabled={chosen.length === 0 || decide.isPending}
                isLoading={decide.isPending && !asking}
                onClick={() => {
                  start(action, chosen, true);
                }}
              >
                {t(`admin.approvals.selected.${action}`)}
              </Button>
            </ToolbarItem>
          ))}
        {canAct && (
          <ToolbarItem alignSelf="center">
            {t('admin.approvals.selectedCount', { n: chosen.length })}
          </ToolbarItem>
        )}
      </ListToolbar>
      {done && <Alert variant="success" isInline isLiveRegion title={done} />}
      {decide.isError && !asking && (
        <ErrorAlert error={decide.error} title={t('admin.approvals.nothingChanged')} />
      )}
      {/* the names are awaited, so that each row's actions are named after their person */}
      {names.isLoading ? (
        <Loading />
      ) : (
        <Loaded
          query={subs}
          failed={t('admin.approvals.loadFailed')}
          isEmpty={(found) => found.items.length === 0}
          emptyTitle={t(`admin.approvals.empty.${status}`)}
          emptyBody={t(`admin.approvals.emptyBody.${status}`)}
        >
          {(found) => (
            <ApprovalsTable
              rows={found.items}
              nameOf={nameOf}
              busy={decide.isPending}
              onDecide={
                canAct
                  ? (action, sub) => {
                      start(action, [sub], false);
                    }
                  : undefined
              }
              selection={
                canAct
                  ? {
                      isSelected: (sub) => selected.has(sub.id),
                      onToggle: (sub, on) => {
                        toggle([sub.id], on);
                      },
                      label: (sub) =>
                        t('admin.approvals.selectOne', {
                          user: nameOf(sub.user_id),
                          model: sub.model_id,
                        }),
                      allLabel: t('admin.approvals.selectAll'),
                      onToggleAll: (on) => {
                        toggle(
                          found.items.map((sub) => sub.id),
                          on,
                        );
                      },
                    }
                  : undefined
              }
            />
          )}
        </Loaded>
      )}
      {asking && (
        <DecisionModal
          action={asking.action}
          subs={asking.subs}
          nameOf={nameOf}
          busy={decide.isPending}
          error={decide.error}
          onConfirm={(reason) => {
            run(asking, reason);
          }}
          onCancel={() => {
            setAsking(null);
            decide.reset();
          }}
        />
      )}
    </Section>
  );
}
