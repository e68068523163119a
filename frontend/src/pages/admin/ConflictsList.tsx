import { FormSelect, FormSelectOption, ToolbarItem } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ENTITY_TYPES, useConflicts, type Conflict, type EntityType } from '../../api/adminSync';
import { useFormat } from '../../components/format';
import { ListToolbar } from '../../components/ListToolbar';
import { usePaging } from '../../components/usePaging';
import { AdminTable, type Column } from './AdminTable';
import { EntityTypeSelect } from './EntityTypeSelect';
import { Loaded } from './Loaded';

// sync's decisions (litemaas_sync.domain.policy.Decision)
const DECISIONS = ['pushed', 'adopted', 'reported', 'recreated', 'tombstoned'];

/** Every conflict sync found and how it settled it, newest first, filtered and paged. */
export function ConflictsList() {
  const { t } = useTranslation();
  const format = useFormat();
  const [kind, setKind] = useState<EntityType | undefined>();
  const [decision, setDecision] = useState('');
  const paging = usePaging();
  const filtered = kind !== undefined || decision !== '';
  const conflicts = useConflicts({
    entity_type: kind,
    decision: decision || undefined,
    limit: paging.pageSize,
    offset: paging.offset,
  });
  const columns: Column<Conflict>[] = [
    { title: t('admin.sync.detected'), cell: (row) => format.date(row.detected_at) },
    {
      title: t('admin.sync.entityType'),
      cell: (row) => t(`admin.entity.${row.entity_type}`, { defaultValue: row.entity_type }),
    },
    { title: t('admin.sync.entityId'), cell: (row) => row.entity_id },
    { title: t('admin.sync.field'), cell: (row) => row.field },
    { title: t('admin.sync.ours'), cell: (row) => row.ours },
    { title: t('admin.sync.theirs'), cell: (row) => row.theirs },
    { title: t('admin.sync.decision'), cell: (row) => row.decision },
    { title: t('admin.sync.policy'), cell: (row) => row.policy },
  ];
  return (
    <>
      <ListToolbar paging={paging} total={conflicts.data?.total ?? 0}>
        <ToolbarItem>
          <EntityTypeSelect
            id="conflict-kind"
            kinds={ENTITY_TYPES}
            value={kind}
            onChange={(next) => {
              setKind(next);
              paging.toFirstPage();
            }}
          />
        </ToolbarItem>
        <ToolbarItem>
          <FormSelect
            id="conflict-decision"
            aria-label={t('admin.sync.decisionFilter')}
            value={decision}
            onChange={(_event, next) => {
              setDecision(next);
              paging.toFirstPage();
            }}
          >
            <FormSelectOption value="" label={t('admin.sync.anyDecision')} />
            {DECISIONS.map((each) => (
              <FormSelectOption key={each} value={each} label={each} />
            ))}
          </FormSelect>
        </ToolbarItem>
      </ListToolbar>
      <Loaded
        query={conflicts}
        failed={t('admin.sync.conflictsFailed')}
        isEmpty={(found) => found.items.length === 0}
        emptyTitle={t('admin.sync.noConflictsTitle')}
        emptyBody={t(filtered ? 'admin.sync.noConflictsFiltered' : 'admin.sync.noConflictsBody')}
      >
        {(found) => (
          <AdminTable
            label={t('admin.sync.conflictsLabel')}
            rows={found.items}
            rowKey={(row) => row.conflict_id}
            columns={columns}
          />
        )}
      </Loaded>
    </>
  );
}
