import {
  Alert,
  Button,
  Card,
  CardBody,
  CardFooter,
  CardHeader,
  CardTitle,
  Content,
  ExpandableSection,
  Stack,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreditAccount } from '../../api/credits';
import { formatCredits } from './millicredits';
import { Transactions } from './Transactions';

// PatternFly's utility classes are not loaded: its size token, directly
const FIGURE = { fontSize: 'var(--pf-t--global--font--size--2xl)' };

interface Props {
  account: CreditAccount;
  title: string;
  /** admins: open the grant or adjustment dialog for this account */
  onMove?: () => void;
}

/** One balance: its amount, tier, what it still pays for, a low-balance warning, its ledger. */
export function AccountCard({ account, title, onMove }: Props) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(true);
  const credits = (amount: number) => formatCredits(amount, i18n.language);
  const usd = new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'USD' });
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent' });
  return (
    <Card>
      <CardHeader
        actions={
          onMove && {
            actions: (
              <Button
                variant="secondary"
                aria-label={t('credits.moveFor', { account: title })}
                onClick={onMove}
              >
                {t('credits.move')}
              </Button>
            ),
          }
        }
      >
        <CardTitle component="h3">{title}</CardTitle>
      </CardHeader>
      <CardBody>
        <Stack hasGutter>
          <Content>
            <Content component="p" style={FIGURE}>
              {t('credits.balance', { amount: credits(account.balance_millicredits) })}
            </Content>
            <Content component="small">
              {t('credits.tier', {
                tier: account.tier,
                markup: percent.format(Number(account.markup)),
              })}{' '}
              {t('credits.spendable', { usd: usd.format(Number(account.spendable_usd)) })}
            </Content>
          </Content>
          {account.low_balance && (
            <Alert variant="warning" isInline title={t('credits.lowTitle')}>
              {t('credits.lowBody', { threshold: credits(account.low_balance_threshold) })}
            </Alert>
          )}
        </Stack>
      </CardBody>
      <CardFooter>
        <ExpandableSection
          toggleText={t('credits.transactions')}
          isExpanded={open}
          onToggle={(_event, expanded) => {
            setOpen(expanded);
          }}
        >
          {open && <Transactions account={account} label={title} />}
        </ExpandableSection>
      </CardFooter>
    </Card>
  );
}
