import { ActionGroup, Button, Form, FormGroup, TextInput } from '@patternfly/react-core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDevLogin } from '../../api/auth';
import type { LoginAnswer } from '../../api/types';
import { ErrorAlert } from '../../components/states';

/** The development login: a username is enough (only where the auth service enables it). */
export function DevLoginForm({ onLoggedIn }: { onLoggedIn: (answer: LoginAnswer) => void }) {
  const { t } = useTranslation();
  const login = useDevLogin();
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(
      { username: username.trim(), full_name: fullName.trim() || undefined },
      { onSuccess: onLoggedIn },
    );
  };

  return (
    <Form onSubmit={submit}>
      {login.isError && <ErrorAlert error={login.error} title={t('login.failed')} />}
      <FormGroup label={t('login.username')} isRequired fieldId="login-username">
        <TextInput
          id="login-username"
          isRequired
          autoComplete="username"
          value={username}
          onChange={(_event, value) => {
            setUsername(value);
          }}
        />
      </FormGroup>
      <FormGroup label={t('login.fullName')} fieldId="login-full-name">
        <TextInput
          id="login-full-name"
          autoComplete="name"
          value={fullName}
          onChange={(_event, value) => {
            setFullName(value);
          }}
        />
      </FormGroup>
      <ActionGroup>
        <Button
          type="submit"
          isBlock
          isLoading={login.isPending}
          isDisabled={login.isPending || !username.trim()}
        >
          {t('login.devSubmit')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
