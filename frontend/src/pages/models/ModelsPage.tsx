import {
  PageSection,
  SearchInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NO_FILTER, useModels, type ModelFilter } from '../../api/models';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { Empty, ErrorAlert, Loading } from '../../components/states';
import { useDebounced } from '../../components/useDebounced';
import { ModelFilters } from './ModelFilters';
import { ModelsTable } from './ModelsTable';
import { SubscribeResult } from './SubscribeResult';
import { useSubscribing } from './useSubscribing';

export function ModelsPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [filter, setFilter] = useState<ModelFilter>(NO_FILTER);
  const search = useDebounced(text.trim());
  const settled = useDebounced(filter);
  const models = useModels({ search, page, pageSize, filter: settled });
  // the filters' choices: what the catalog's first (largest) page holds
  const choices = useModels({ search: '', page: 1, pageSize: 100 }).data?.items ?? [];
  const providers = [...new Set(choices.map((m) => m.provider))].sort();
  const capabilities = [...new Set(choices.flatMap((m) => m.capabilities))].sort();
  const filtered = search !== '' || JSON.stringify(settled) !== JSON.stringify(NO_FILTER);
  const { subscribe, statusOf, busyFor } = useSubscribing();
  const total = models.data?.total ?? 0;

  const searchFor = (value: string) => {
    setText(value);
    setPage(1);
  };

  return (
    <>
      <PageHeader title={t('models.title')}>{t('models.intro')}</PageHeader>
      <PageSection>
        <SubscribeResult subscribe={subscribe} />
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <SearchInput
                aria-label={t('models.search')}
                placeholder={t('models.search')}
                resetButtonLabel={t('common.clearSearch')}
                value={text}
                onChange={(_event, value) => {
                  searchFor(value);
                }}
                onClear={() => {
                  searchFor('');
                }}
              />
            </ToolbarItem>
            <ModelFilters
              filter={filter}
              providers={providers}
              capabilities={capabilities}
              onChange={(next) => {
                setFilter(next);
                setPage(1);
              }}
            />
            <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
              <Pager
                total={total}
                page={page}
                pageSize={pageSize}
                onChange={(nextPage, nextSize) => {
                  setPage(nextPage);
                  setPageSize(nextSize);
                }}
              />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
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
