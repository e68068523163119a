import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Empty, ErrorAlert, Loading } from '../../components/states';

interface Props<T> {
  query: UseQueryResult<T>;
  /** the error alert's title, e.g. "Could not load the users" */
  failed: string;
  isEmpty: (data: T) => boolean;
  emptyTitle: string;
  emptyBody: ReactNode;
  children: (data: T) => ReactNode;
}

/** Loading, error (the problem's `detail`), empty, or the data: the four states of every list. */
export function Loaded<T>({ query, failed, isEmpty, emptyTitle, emptyBody, children }: Props<T>) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} title={failed} />;
  if (isEmpty(query.data)) return <Empty title={emptyTitle}>{emptyBody}</Empty>;
  return <>{children(query.data)}</>;
}
