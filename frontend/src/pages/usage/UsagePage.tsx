import {
  Alert,
  Button,
  PageSection,
  Stack,
  Switch,
  TextInput,
  ToolbarItem,
} from '@patternfly/react-core';
import DownloadIcon from '@patternfly/react-icons/dist/esm/icons/download-icon';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchUsageCsv, type UsageScope } from '../../api/usage';
import { isAdmin, useAuth } from '../../auth/context';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/states';
import { useDebounced } from '../../components/useDebounced';
import { saveBlob } from './download';
import { granularityFor, instants, lastDays, MAX_DAYS, rangeProblem } from './range';
import { RangeToolbar } from './RangeToolbar';
import { UsageReport } from './UsageReport';

const PROBLEM_TEXT = {
  invalid: 'usage.rangeInvalid',
  reversed: 'usage.rangeReversed',
  tooLong: 'usage.rangeTooLong',
} as const;

/** The caller's spend over a date range; admins may look at everyone's. */
export function UsagePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [range, setRange] = useState(() => lastDays(30));
  const [everyone, setEveryone] = useState(false);
  const [userId, setUserId] = useState('');
  const settledUserId = useDebounced(userId);
  const problem = rangeProblem(range);
  const scope: UsageScope | null = problem
    ? null
    : { ...instants(range), everyone, userId: settledUserId };
  const granularity = granularityFor(range);
  const exporting = useMutation({
    mutationFn: (asked: UsageScope) => fetchUsageCsv(asked, granularity),
    onSuccess: (blob) => {
      saveBlob(blob, `usage-${range.fromDay}-${range.toDay}.csv`);
    },
  });

  return (
    <>
      <PageHeader title={t('usage.title')}>{t('usage.intro')}</PageHeader>
      <PageSection>
        <Stack hasGutter>
          <RangeToolbar range={range} onChange={setRange}>
            {isAdmin(user) && (
              <>
                <ToolbarItem alignSelf="center">
                  <Switch
                    id="usage-everyone"
                    label={t('usage.everyone')}
                    isChecked={everyone}
                    onChange={(_event, checked) => {
                      setEveryone(checked);
                    }}
                  />
                </ToolbarItem>
                {everyone && (
                  <ToolbarItem>
                    <TextInput
                      aria-label={t('usage.userFilter')}
                      placeholder={t('usage.userFilter')}
                      value={userId}
                      onChange={(_event, value) => {
                        setUserId(value);
                      }}
                    />
                  </ToolbarItem>
                )}
              </>
            )}
            <ToolbarItem>
              <Button
                variant="secondary"
                icon={<DownloadIcon />}
                isDisabled={!scope || exporting.isPending}
                isLoading={exporting.isPending}
                onClick={() => {
                  if (scope) exporting.mutate(scope);
                }}
              >
                {t('usage.export')}
              </Button>
            </ToolbarItem>
          </RangeToolbar>
          {exporting.isError && (
            <ErrorAlert error={exporting.error} title={t('usage.exportFailed')} />
          )}
          {problem ? (
            <Alert
              variant="warning"
              isInline
              title={t(PROBLEM_TEXT[problem], { days: MAX_DAYS })}
            />
          ) : (
            scope && <UsageReport scope={scope} granularity={granularity} />
          )}
        </Stack>
      </PageSection>
    </>
  );
}
