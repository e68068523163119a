import { ToolbarItem } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ENTITY_TYPES, useAudit, type AuditRecord } from '../../api/adminSync';
import { useFormat } from '../../components/format';
import { ListToolbar } from '../../components/ListToolbar';
import { usePaging } from '../../components/usePaging';
import { AdminTable, type Column } from './AdminTable';
import { EntityTypeSelect } from './EntityTypeSelect';
import { Loaded } from './Loaded';
import { Section } from './Section';

type Kind = (typeof AUDIT_ENTITY_TYPES)[number];

/** sync's audit trail: every write it made (or chose not to make) to LiteLLM, newest first. */
export function AuditTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const [kind, setKind] = useState<Kind | undefined>();
  const paging = usePaging();
  const audit = useAudit({ entity_type: kind, limit: paging.pageSize, offset: paging.offset });
  const columns: Column<AuditRecord>[] = [
    { title: t('admin.audit.applied'), cell: (row) => format.date(row.applied_at) },
    {
      title: t('admin.sync.entityType'),
      cell: (row) => t(`admin.entity.${row.entity_type}`, { defaultValue: row.entity_type }),
    },
    { title: t('admin.sync.entityId'), cell: (row) => row.entity_id },
    { title: t('admin.audit.action'), cell: (row) => row.action },
    { title: t('admin.audit.detail'), cell: (row) => row.detail },
    { title: t('admin.audit.source'), cell: (row) => row.source_event_type },
  ];
  return (
    <Section title={t('admin.sections.audit')} intro={t('admin.audit.intro')}>
      <ListToolbar paging={paging} total={audit.data?.total ?? 0}>
        <ToolbarItem>
          <EntityTypeSelect
            id="audit-kind"
            kinds={AUDIT_ENTITY_TYPES}
            value={kind}
            onChange={(next) => {
              setKind(next);
              paging.toFirstPage();
            }}
          />
        </ToolbarItem>
      </ListToolbar>
      <Loaded
        query={audit}
        failed={t('admin.audit.loadFailed')}
        isEmpty={(found) => found.items.length === 0}
        emptyTitle={t('admin.audit.emptyTitle')}
        emptyBody={t(kind ? 'admin.audit.emptyFiltered' : 'admin.audit.emptyBody')}
      >
        {(found) => (
          <AdminTable
            label={t('admin.audit.tableLabel')}
            rows={found.items}
            rowKey={(row) => `${row.applied_at}/${row.entity_type}/${row.entity_id}/${row.action}`}
            columns={columns}
          />
        )}
      </Loaded>
    </Section>
  );
}
