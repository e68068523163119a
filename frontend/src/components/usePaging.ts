import { useState } from 'react';
import { useDebounced } from './useDebounced';

/** A paged list's page, page size and search, as a `ListToolbar` shows and changes them. */
export interface Paging {
  page: number;
  pageSize: number;
  /** the rows skipped before this page, for APIs paged by limit and offset */
  offset: number;
  /** the search box's text, as typed */
  text: string;
  /** the text trimmed, once it has stopped changing: what to ask the API for */
  search: string;
  searchFor: (text: string) => void;
  setPaging: (page: number, pageSize: number) => void;
  /** back to page 1: a new search or filter would otherwise show a page past its end */
  toFirstPage: () => void;
}

export function usePaging(initialPageSize = 20): Paging {
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const search = useDebounced(text.trim());
  return {
    page,
    pageSize,
    offset: (page - 1) * pageSize,
    text,
    search,
    searchFor: (value) => {
      setText(value);
      setPage(1);
    },
    setPaging: (nextPage, nextSize) => {
      setPage(nextPage);
      setPageSize(nextSize);
    },
    toFirstPage: () => {
      setPage(1);
    },
  };
}
