import { Card, CardBody, CardTitle, Content, Stack } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKeys } from '../../api/keys';
import {
  useTopSpenders,
  useUsageBreakdown,
  type Dimension,
  type Group,
  type UsageScope,
} from '../../api/usage';
import { Pager } from '../../components/Pager';
import { ErrorAlert, Loading } from '../../components/states';
import { GroupsTable } from './GroupsTable';

interface SectionProps {
  scope: UsageScope;
  by: Dimension;
  title: string;
  nameHeader: string;
  nameOf: (group: Group) => string;
}

/** One breakdown (by model, by key) with its own pages. */
function BreakdownCard({ scope, by, title, nameHeader, nameOf }: SectionProps) {
  const { t } = useTranslation();
  const [paging, setPaging] = useState({ page: 1, size: 10 });
  const found = useUsageBreakdown(scope, by, paging.page, paging.size);
  return (
    <Card>
      <CardTitle component="h2">{title}</CardTitle>
      <CardBody>
        {found.isPending ? (
          <Loading />
        ) : found.isError ? (
          <ErrorAlert error={found.error} title={t('usage.loadFailed')} />
        ) : found.data.items.length === 0 ? (
          <Content component="p">{t('usage.noRows')}</Content>
        ) : (
          <Stack hasGutter>
            <GroupsTable
              label={title}
              nameHeader={nameHeader}
              groups={found.data.items}
              nameOf={nameOf}
            />
            <Pager
              total={found.data.total}
              page={paging.page}
              pageSize={paging.size}
              onChange={(page, size) => {
                setPaging({ page, size });
              }}
            />
          </Stack>
        )}
      </CardBody>
    </Card>
  );
}

/** Usage by model and by key; a key is named from the caller's own keys when it is theirs. */
export function Breakdowns({ scope }: { scope: UsageScope }) {
  const { t } = useTranslation();
  const keys = useKeys();
  const names = new Map((keys.data?.items ?? []).map((key) => [key.id, key.name]));
  const keyName = (group: Group) =>
    (group.key_id && names.get(group.key_id)) ??
    group.key_id ??
    t('usage.unknownKey', { hash: (group.key_hash ?? '').slice(0, 12) });
  return (
    <>
      <BreakdownCard
        scope={scope}
        by="model"
        title={t('usage.byModel')}
        nameHeader={t('usage.model')}
        nameOf={(group) => group.model ?? t('common.unknown')}
      />
      <BreakdownCard
        scope={scope}
        by="key"
        title={t('usage.byKey')}
        nameHeader={t('usage.key')}
        nameOf={keyName}
      />
    </>
  );
}

/** The largest consumers in the range (admins, over everyone). */
export function TopSpenders({ scope }: { scope: UsageScope }) {
  const { t } = useTranslation();
  const top = useTopSpenders(scope);
  return (
    <Card>
      <CardTitle component="h2">{t('usage.topSpenders')}</CardTitle>
      <CardBody>
        {top.isPending ? (
          <Loading />
        ) : top.isError ? (
          <ErrorAlert error={top.error} title={t('usage.loadFailed')} />
        ) : top.data.items.length === 0 ? (
          <Content component="p">{t('usage.noRows')}</Content>
        ) : (
          <GroupsTable
            label={t('usage.topSpenders')}
            nameHeader={t('usage.user')}
            groups={top.data.items}
            nameOf={(group) => group.user_id ?? t('common.unknown')}
          />
        )}
      </CardBody>
    </Card>
  );
}
