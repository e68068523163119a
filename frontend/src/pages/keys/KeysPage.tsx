import { Button, PageSection, Stack } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKeys, useRevokeKey } from '../../api/keys';
import type { ApiKey } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { PageHeader } from '../../components/PageHeader';
import { Empty, ErrorAlert, Loading } from '../../components/states';
import { CreateKeyModal } from './CreateKeyModal';
import { KeysTable } from './KeysTable';
import { SecretModal } from './SecretModal';

function RevokeKey({ apiKey, onDone }: { apiKey: ApiKey; onDone: () => void }) {
  const { t } = useTranslation();
  const revoke = useRevokeKey();
  return (
    <ConfirmModal
      title={t('keys.revokeTitle')}
      confirm={t('keys.revoke')}
      busy={revoke.isPending}
      onConfirm={() => {
        revoke.mutate(apiKey.id, { onSuccess: onDone });
      }}
      onCancel={onDone}
    >
      <Stack hasGutter>
        {revoke.isError && <ErrorAlert error={revoke.error} title={t('keys.revokeFailed')} />}
        {t('keys.revokeBody', { name: apiKey.name })}
      </Stack>
    </ConfirmModal>
  );
}

export function KeysPage() {
  const { t } = useTranslation();
  const keys = useKeys();
  const [creating, setCreating] = useState(false);
  // the one place the new secret lives, until the user closes its dialog
  const [created, setCreated] = useState<ApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const createButton = (
    <Button
      onClick={() => {
        setCreating(true);
      }}
    >
      {t('keys.create')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('keys.title')}>{t('keys.intro')}</PageHeader>
      <PageSection>
        {keys.isPending ? (
          <Loading />
        ) : keys.isError ? (
          <ErrorAlert error={keys.error} title={t('keys.loadFailed')} />
        ) : keys.data.items.length === 0 ? (
          <Empty title={t('keys.emptyTitle')} action={createButton}>
            {t('keys.emptyBody')}
          </Empty>
        ) : (
          <Stack hasGutter>
            <div>{createButton}</div>
            <KeysTable keys={keys.data.items} onRevoke={setRevoking} />
          </Stack>
        )}
      </PageSection>
      {creating && (
        <CreateKeyModal
          onCreated={(key) => {
            setCreating(false);
            setCreated(key);
          }}
          onCancel={() => {
            setCreating(false);
          }}
        />
      )}
      {created?.key && (
        <SecretModal
          name={created.name}
          secret={created.key}
          onDone={() => {
            setCreated(null);
          }}
        />
      )}
      {revoking && (
        <RevokeKey
          apiKey={revoking}
          onDone={() => {
            setRevoking(null);
          }}
        />
      )}
    </>
  );
}
