import { Pagination } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';

interface Props {
  total: number;
  page: number;
  pageSize: number;
  onChange: (page: number, pageSize: number) => void;
}

/** PatternFly's pagination with every one of its words translated. */
export function Pager({ total, page, pageSize, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <Pagination
      itemCount={total}
      page={page}
      perPage={pageSize}
      perPageOptions={[10, 20, 50, 100].map((value) => ({ title: String(value), value }))}
      isCompact
      titles={{
        items: t('pager.items'),
        page: t('pager.page'),
        pages: t('pager.pages'),
        itemsPerPage: t('pager.itemsPerPage'),
        perPageSuffix: t('pager.perPageSuffix'),
        ofWord: t('pager.of'),
        currPageAriaLabel: t('pager.currentPage'),
        paginationAriaLabel: t('pager.label'),
        toFirstPageAriaLabel: t('pager.first'),
        toLastPageAriaLabel: t('pager.last'),
        toNextPageAriaLabel: t('pager.next'),
        toPreviousPageAriaLabel: t('pager.previous'),
      }}
      onSetPage={(_event, next) => {
        onChange(next, pageSize);
      }}
      onPerPageSelect={(_event, size) => {
        onChange(1, size);
      }}
    />
  );
}
