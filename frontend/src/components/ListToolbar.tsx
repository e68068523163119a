import { SearchInput, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Pager } from './Pager';
import type { Paging } from './usePaging';

interface Props {
  paging: Paging;
  total: number;
  /** with it, a search box first, labelled (and its placeholder worded) by it */
  searchLabel?: string;
  searchStyle?: CSSProperties;
  /** more toolbar items (filters, bulk actions), between the search box and the pager */
  children?: ReactNode;
  /** called on a page (or page size) change too, after the paging has changed */
  onPageChange?: () => void;
}

/** A paged list's toolbar: an optional search box, the caller's items, the pager at the end. */
export function ListToolbar({
  paging,
  total,
  searchLabel,
  searchStyle,
  children,
  onPageChange,
}: Props) {
  const { t } = useTranslation();
  return (
    <Toolbar>
      <ToolbarContent>
        {searchLabel !== undefined && (
          <ToolbarItem style={searchStyle}>
            <SearchInput
              aria-label={searchLabel}
              placeholder={searchLabel}
              resetButtonLabel={t('common.clearSearch')}
              value={paging.text}
              onChange={(_event, value) => {
                paging.searchFor(value);
              }}
              onClear={() => {
                paging.searchFor('');
              }}
            />
          </ToolbarItem>
        )}
        {children}
        <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
          <Pager
            total={total}
            page={paging.page}
            pageSize={paging.pageSize}
            onChange={(page, pageSize) => {
              paging.setPaging(page, pageSize);
              onPageChange?.();
            }}
          />
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
