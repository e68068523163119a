import {
  PageSection,
  SearchInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModels } from '../../api/models';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { Empty, ErrorAlert, Loading } from '../../components/states';
import { useDebounced } from '../../components/useDebounced';
import { ModelsTable } from './ModelsTable';
import { SubscribeResult } from './SubscribeResult';
import { useSubscribing } from './useSubscribing';

export function ModelsPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const search = useDebounced(text.trim());
  const models = useModels({ search, page, pageSize });
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
            {t(search ? 'models.emptySearch' : 'models.emptyCatalog')}
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
