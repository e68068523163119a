import {
  Alert,
  Bullseye,
  EmptyState,
  EmptyStateBody,
  EmptyStateFooter,
  Spinner,
} from '@patternfly/react-core';
import CubesIcon from '@patternfly/react-icons/dist/esm/icons/cubes-icon';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/errors';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Bullseye>
      <Spinner aria-label={t('common.loading')} />
    </Bullseye>
  );
}

/** The problem+json `detail` the service wrote, or a general message for anything else. */
function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) =>
    error instanceof ApiError && error.detail ? error.detail : t('common.unexpectedError');
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  const text = useErrorText();
  return (
    <Alert variant="danger" isInline title={title ?? t('common.failed')}>
      {text(error)}
    </Alert>
  );
}

interface EmptyProps {
  title: string;
  children: ReactNode;
  action?: ReactNode;
}

export function Empty({ title, children, action }: EmptyProps) {
  return (
    <EmptyState titleText={title} headingLevel="h2" icon={CubesIcon}>
      <EmptyStateBody>{children}</EmptyStateBody>
      {action && <EmptyStateFooter>{action}</EmptyStateFooter>}
    </EmptyState>
  );
}
