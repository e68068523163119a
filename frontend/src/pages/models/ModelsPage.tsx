import { PageSection } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NO_FILTER, useModels, type ModelFilter } from '../../api/models';
import { PageHeader } from '../../components/PageHeader';
import { ListToolbar } from '../../components/ListToolbar';
import { Empty, ErrorAlert, Loading } from '../../components/states';
import { useDebounced } from '../../components/useDebounced';
import { usePaging } from '../../components/usePaging';
import { ModelFilters } from './ModelFilters';
import { ModelsTable } from './ModelsTable';
import { SubscribeResult } from './SubscribeResult';
import { useSubscribing } from './useSubscribing';

export function ModelsPage() {
  const { t } = useTranslation();
  const paging = usePaging();
  const { search, page, pageSize } = paging;
  const [filter, setFilter] = useState<ModelFilter>(NO_FILTER);
  const settled = useDebounced(filter);
  const models = useModels({ search, page, pageSize, filter: settled });
  // the filters' choices: what the catalog's first (largest) page holds
  const choices = useModels({ search: '', page: 1, pageSize: 100 }).data?.items ?? [];
  const providers = [...new Set(choices.map((m) => m.provider))].sort();
  const capabilities = [...new Set(choices.flatMap((m) => m.capabilities))].sort();
  const filtered = search !== '' || JSON.stringify(settled) !== JSON.stringify(NO_FILTER);
  const { subscribe, statusOf, busyFor } = useSubscribing();
  const total = models.data?.total ?? 0;

  return (
    <>
      <PageHeader title={t('models.title')}>{t('models.intro')}</PageHeader>
      <PageSection>
        <SubscribeResult subscribe={subscribe} />
        <ListToolbar paging={paging} total={total} searchLabel={t('models.search')}>
          <ModelFilters
            filter={filter}
            providers={providers}
            capabilities={capabilities}
            onChange={(next) => {
              setFilter(next);
              paging.toFirstPage();
            }}
          />
        </ListToolbar>
        {models.isPending ? (
          <Loading />
        ) : models.isError ? (
          <ErrorAlert error={models.error} title={t('models.loadFailed')} />
        ) : total === 0 ? (
          <Empty title={t('models.emptyTitle')}>
            {t(filtered ? 'models.emptySearch' : 'models.emptyCatalog')}
          </Empty>
        ) : (
          <ModelsTable
            models={models.data.items}
            statusOf={statusOf}
            busyFor={busyFor}
            onSubscribe={(modelId) => {
              subscribe.mutate(modelId);
            }}
          />
        )}
      </PageSection>
    </>
  );
}
