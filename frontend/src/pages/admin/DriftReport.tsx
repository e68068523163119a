import { useTranslation } from 'react-i18next';
import { useDrift, type Drift } from '../../api/adminSync';
import { useFormat } from '../../components/format';
import { AdminTable, type Column } from './AdminTable';
import { Loaded } from './Loaded';

/** Each difference the last reconcile of each entity type found, and what it decided. */
export function DriftReport() {
  const { t } = useTranslation();
  const format = useFormat();
  const drift = useDrift();
  const columns: Column<Drift>[] = [
    {
      title: t('admin.sync.entityType'),
      cell: (row) => t(`admin.entity.${row.entity_type}`, { defaultValue: row.entity_type }),
    },
    { title: t('admin.sync.entityId'), cell: (row) => row.entity_id },
    { title: t('admin.sync.field'), cell: (row) => row.field },
    { title: t('admin.sync.ours'), cell: (row) => row.ours },
    { title: t('admin.sync.theirs'), cell: (row) => row.theirs },
    { title: t('admin.sync.decision'), cell: (row) => row.decision },
    { title: t('admin.sync.detected'), cell: (row) => format.date(row.detected_at) },
  ];
  return (
    <Loaded
      query={drift}
      failed={t('admin.sync.loadFailed')}
      isEmpty={(report) => report.items.length === 0}
      emptyTitle={t('admin.sync.noDriftTitle')}
      emptyBody={t('admin.sync.noDriftBody')}
    >
      {(report) => (
        <AdminTable
          label={t('admin.sync.driftLabel')}
          rows={report.items}
          rowKey={(row) => `${row.entity_type}/${row.entity_id}/${row.field}`}
          columns={columns}
        />
      )}
    </Loaded>
  );
}
