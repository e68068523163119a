import { Button, Flex } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import type { AdminSubscription, Decision } from '../../api/adminSubscriptions';
import { useFormat } from '../../components/format';
import { StatusLabel } from '../subscriptions/StatusLabel';
import { AdminTable, type Column, type Selection } from './AdminTable';

/** What an admin may do to a subscription in each status. */
export const ACTIONS: Record<string, Decision[]> = {
  pending: ['approve', 'deny'],
  active: ['suspend'],
  suspended: ['reactivate'],
};

interface Props {
  rows: AdminSubscription[];
  nameOf: (userId: string) => string;
  /** absent for admin-readonly: no checkboxes, no buttons */
  selection?: Selection<AdminSubscription>;
  onDecide?: (action: Decision, subscription: AdminSubscription) => void;
  busy: boolean;
}

export function ApprovalsTable({ rows, nameOf, selection, onDecide, busy }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: Column<AdminSubscription>[] = [
    { title: t('admin.approvals.user'), cell: (sub) => nameOf(sub.user_id) },
    { title: t('admin.approvals.model'), cell: (sub) => sub.model_id },
    { title: t('admin.approvals.status'), cell: (sub) => <StatusLabel status={sub.status} /> },
    { title: t('admin.approvals.requested'), cell: (sub) => format.date(sub.created_at) },
    { title: t('admin.approvals.changed'), cell: (sub) => format.date(sub.updated_at) },
  ];
  if (onDecide)
    columns.push({
      title: t('admin.actions'),
      cell: (sub) => (
        <Flex spaceItems={{ default: 'spaceItemsSm' }}>
          {(ACTIONS[sub.status] ?? []).map((action) => (
            <Button
              key={action}
              variant={action === 'approve' ? 'primary' : 'secondary'}
              isDanger={action === 'deny' || action === 'suspend'}
              size="sm"
              isDisabled={busy}
              aria-label={t(`admin.approvals.one.${action}`, {
                user: nameOf(sub.user_id),
                model: sub.model_id,
              })}
              onClick={() => {
                onDecide(action, sub);
              }}
            >
              {t(`admin.approvals.action.${action}`)}
            </Button>
          ))}
        </Flex>
      ),
    });
  return (
    <AdminTable
      label={t('admin.approvals.tableLabel')}
      rows={rows}
      rowKey={(sub) => sub.id}
      columns={columns}
      selection={selection}
    />
  );
}
