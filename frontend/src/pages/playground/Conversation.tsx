import { Alert, Content, Title } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import type { Chat } from './useChat';

/** The conversation so far; the answer being written is read out politely as it grows. */
export function Conversation({ chat }: { chat: Chat }) {
  const { t } = useTranslation();
  const usage = chat.end?.usage;
  return (
    <section aria-labelledby="playground-conversation">
      <Title headingLevel="h3" id="playground-conversation">
        {t('playground.conversation')}
      </Title>
      <Content component="dl">
        {chat.messages.map((message, index) => (
          // a conversation only grows: the position is the message's identity
          <div key={index}>
            <Content component="dt">
              {message.role === 'user' ? t('playground.you') : t('playground.assistant')}
            </Content>
            <Content component="dd">{message.content}</Content>
          </div>
        ))}
      </Content>
      <div aria-live="polite" aria-busy={chat.busy} data-testid="answer">
        {chat.busy && (
          <>
            <Content component="p">{t('playground.answering')}</Content>
            <Content component="p">{chat.partial}</Content>
          </>
        )}
        {usage && (
          <Content component="small">
            {t('playground.usage', {
              prompt: usage.prompt_tokens ?? 0,
              completion: usage.completion_tokens ?? 0,
            })}
          </Content>
        )}
      </div>
      {chat.stopped && <Alert variant="warning" isInline isPlain title={t('playground.stopped')} />}
    </section>
  );
}
