import { Button, Content, Stack } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import { useTransactions, type CreditAccount, type CreditTransaction } from '../../api/credits';
import { useFormat } from '../../components/format';
import { ErrorAlert, Loading } from '../../components/states';
import { formatCredits } from './millicredits';

const KIND = {
  grant: 'credits.kindGrant',
  adjustment: 'credits.kindAdjustment',
  debit: 'credits.kindDebit',
} as const;

function Line({ line }: { line: CreditTransaction }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const credits = (amount: number) => formatCredits(amount, i18n.language);
  const why =
    line.reason ?? (line.request_id ? t('credits.debitReason', { id: line.request_id }) : '');
  return (
    <Tr>
      <Td dataLabel={t('credits.when')}>{format.date(line.created_at)}</Td>
      <Td dataLabel={t('credits.kind')}>{t(KIND[line.kind])}</Td>
      <Td dataLabel={t('credits.amount')}>
        {line.amount_millicredits > 0 ? '+' : ''}
        {credits(line.amount_millicredits)}
      </Td>
      <Td dataLabel={t('credits.balanceAfter')}>{credits(line.balance_after)}</Td>
      <Td dataLabel={t('credits.reason')}>{why}</Td>
    </Tr>
  );
}

/** An account's transactions, newest first, with more on request (older than the last shown). */
export function Transactions({ account, label }: { account: CreditAccount; label: string }) {
  const { t } = useTranslation();
  const found = useTransactions(account.owner, account.owner_id);
  // a failed "load more" keeps the lines already shown: only a first page's failure replaces them
  if (!found.data)
    return found.isError ? (
      <ErrorAlert error={found.error} title={t('credits.transactionsFailed')} />
    ) : (
      <Loading />
    );
  const lines = found.data.pages.flat();
  if (lines.length === 0) return <Content component="p">{t('credits.noTransactions')}</Content>;
  return (
    <Stack hasGutter>
      <Table aria-label={t('credits.transactionsOf', { account: label })} variant="compact">
        <Thead>
          <Tr>
            <Th>{t('credits.when')}</Th>
            <Th>{t('credits.kind')}</Th>
            <Th>{t('credits.amount')}</Th>
            <Th>{t('credits.balanceAfter')}</Th>
            <Th>{t('credits.reason')}</Th>
          </Tr>
        </Thead>
        <Tbody>
          {lines.map((line, index) => (
            <Line key={line.id ?? `at-${String(index)}`} line={line} />
          ))}
        </Tbody>
      </Table>
      {found.isFetchNextPageError && (
        <ErrorAlert error={found.error} title={t('credits.transactionsFailed')} />
      )}
      {found.hasNextPage && (
        <div>
          <Button
            variant="secondary"
            isLoading={found.isFetchingNextPage}
            isDisabled={found.isFetchingNextPage}
            onClick={() => {
              void found.fetchNextPage();
            }}
          >
            {t('credits.loadMore')}
          </Button>
        </div>
      )}
    </Stack>
  );
}
