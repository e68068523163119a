import { Button, Stack } from '@patternfly/react-core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRevokeKey, type Key } from '../../api/keys';
import { ConfirmModal } from '../../components/ConfirmModal';
import { Empty, ErrorAlert } from '../../components/states';
import { CreateKeyModal } from './CreateKeyModal';
import { KeysTable } from './KeysTable';
import { RotateKeyModal } from './RotateKeyModal';
import { SecretModal } from './SecretModal';
import { forgetSecrets, rememberSecret } from './secrets';

function RevokeKey({ apiKey, onDone }: { apiKey: Key; onDone: () => void }) {
  const { t } = useTranslation();
  const revoke = useRevokeKey();
  return (
    <ConfirmModal
      title={t('keys.revokeTitle')}
      confirm={t('keys.revoke')}
      busy={revoke.isPending}
      onConfirm={() => {
        revoke.mutate(apiKey.id, {
          onSuccess: () => {
            forgetSecrets(apiKey.id);
            onDone();
          },
        });
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

interface Props {
  keys: Key[];
  /** keys of this team: new keys are the team's */
  team?: { id: string; name: string };
  /** team id → name, for a column saying whose key it is */
  teamNames?: Map<string, string>;
  /** what to say when there is no key */
  emptyTitle: string;
  emptyBody: ReactNode;
  /** false for someone who may only look (e.g. admin-readonly, an archived team) */
  canCreate?: boolean;
}

/** A list of keys with everything done to them: create, show a new secret once, rotate, revoke. */
export function KeysPanel({
  keys,
  team,
  teamNames,
  emptyTitle,
  emptyBody,
  canCreate = true,
}: Props) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  // the one place a new secret lives in the page, until its dialog closes (see secrets.ts)
  const [fresh, setFresh] = useState<{ key: Key; rotated: boolean } | null>(null);
  const [rotating, setRotating] = useState<Key | null>(null);
  const [revoking, setRevoking] = useState<Key | null>(null);
  const show = (key: Key, rotated: boolean) => {
    if (key.key) rememberSecret(key.id, key.key);
    setFresh({ key, rotated });
  };
  const createButton = canCreate && (
    <Button
      onClick={() => {
        setCreating(true);
      }}
    >
      {t(team ? 'keys.createTeamKey' : 'keys.create')}
    </Button>
  );

  return (
    <>
      {keys.length === 0 ? (
        <Empty title={emptyTitle} action={createButton || undefined}>
          {emptyBody}
        </Empty>
      ) : (
        <Stack hasGutter>
          {createButton && <div>{createButton}</div>}
          <KeysTable
            keys={keys}
            teamNames={teamNames}
            onRotate={setRotating}
            onRevoke={setRevoking}
          />
        </Stack>
      )}
      {creating && (
        <CreateKeyModal
          teamId={team?.id}
          teamName={team?.name}
          onCreated={(key) => {
            setCreating(false);
            show(key, false);
          }}
          onCancel={() => {
            setCreating(false);
          }}
        />
      )}
      {rotating && (
        <RotateKeyModal
          apiKey={rotating}
          onRotated={(key) => {
            setRotating(null);
            show(key, true);
          }}
          onCancel={() => {
            setRotating(null);
          }}
        />
      )}
      {fresh?.key.key && (
        <SecretModal
          keyId={fresh.key.id}
          name={fresh.key.name}
          secret={fresh.key.key}
          rotated={fresh.rotated}
          onDone={() => {
            setFresh(null);
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
