import {
  ActionGroup,
  Button,
  Card,
  CardBody,
  CardTitle,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  PageSection,
  TextArea,
  TextInput,
} from '@patternfly/react-core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useKeys, type Key } from '../../api/keys';
import { PageHeader } from '../../components/PageHeader';
import { Empty, ErrorAlert, Loading } from '../../components/states';
import { SelectField } from '../../components/SelectField';
import { secretFor } from '../keys/secrets';
import { Conversation } from './Conversation';
import { useChat } from './useChat';

function usable(key: Key): boolean {
  return key.status === 'active' && !key.blocked;
}

/** The keys service also says which models a key does not reach for now (a spent quota). */
type PlaygroundKey = Key & { withdrawn_models?: string[] };

function modelsOf(key: PlaygroundKey | undefined): string[] {
  const withdrawn = new Set(key?.withdrawn_models ?? []);
  return (key?.models ?? []).filter((model) => !withdrawn.has(model));
}

function ChatForm({ keys }: { keys: Key[] }) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const wanted = search.get('key');
  const [keyId, setKeyId] = useState(keys.find((k) => k.id === wanted)?.id ?? keys[0]?.id ?? '');
  const key = keys.find((k) => k.id === keyId);
  const [model, setModel] = useState(modelsOf(key)[0] ?? '');
  const [pasted, setPasted] = useState('');
  const [prompt, setPrompt] = useState('');
  const chat = useChat();
  const held = secretFor(keyId);
  const secret = held ?? pasted;
  const ready = Boolean(key && model && secret && prompt.trim()) && !chat.busy;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    chat.send({ key_id: keyId, model }, secret, prompt.trim());
    setPrompt('');
  };
  return (
    <>
      <Form onSubmit={submit}>
        <SelectField
          id="playground-key"
          label={t('playground.key')}
          isRequired
          value={keyId}
          choices={keys.map((k) => ({ value: k.id, label: `${k.name} (${k.key_prefix}…)` }))}
          onChange={(value) => {
            setKeyId(value);
            setModel(modelsOf(keys.find((k) => k.id === value))[0] ?? '');
            setPasted('');
          }}
        />
        <SelectField
          id="playground-model"
          label={t('playground.model')}
          isRequired
          value={model}
          choices={modelsOf(key).map((m) => ({ value: m, label: m }))}
          onChange={setModel}
        />
        {held ? (
          <HelperText>
            <HelperTextItem variant="success">{t('playground.secretHeld')}</HelperTextItem>
          </HelperText>
        ) : (
          <FormGroup label={t('playground.secret')} fieldId="playground-secret" isRequired>
            <TextInput
              id="playground-secret"
              type="password"
              autoComplete="off"
              value={pasted}
              onChange={(_event, value) => {
                setPasted(value.trim());
              }}
            />
            <FormHelperText>
              <HelperText>
                <HelperTextItem>{t('playground.secretHelp')}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
        )}
        <FormGroup label={t('playground.prompt')} fieldId="playground-prompt" isRequired>
          <TextArea
            id="playground-prompt"
            value={prompt}
            maxLength={16000}
            onChange={(_event, value) => {
              setPrompt(value);
            }}
          />
        </FormGroup>
        <ActionGroup>
          <Button type="submit" isDisabled={!ready} isLoading={chat.busy}>
            {t('playground.send')}
          </Button>
          {chat.busy && (
            <Button variant="danger" onClick={chat.stop}>
              {t('playground.stop')}
            </Button>
          )}
          <Button variant="link" onClick={chat.clear} isDisabled={chat.busy}>
            {t('playground.clear')}
          </Button>
        </ActionGroup>
      </Form>
      {chat.error !== null && <ErrorAlert error={chat.error} title={t('playground.failed')} />}
      <Conversation chat={chat} />
    </>
  );
}

export function PlaygroundPage() {
  const { t } = useTranslation();
  const keys = useKeys();
  const active = (keys.data?.items ?? []).filter(usable);
  return (
    <>
      <PageHeader title={t('playground.title')}>{t('playground.intro')}</PageHeader>
      <PageSection>
        <Card>
          <CardTitle component="h2">{t('playground.chooseKey')}</CardTitle>
          <CardBody>
            {keys.isPending ? (
              <Loading />
            ) : keys.isError ? (
              <ErrorAlert error={keys.error} title={t('playground.loadFailed')} />
            ) : active.length === 0 ? (
              <Empty title={t('playground.noKeysTitle')}>{t('playground.noKeysBody')}</Empty>
            ) : (
              <ChatForm keys={active} />
            )}
          </CardBody>
        </Card>
      </PageSection>
    </>
  );
}
