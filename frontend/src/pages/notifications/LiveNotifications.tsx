import { Alert, AlertActionCloseButton, AlertGroup } from '@patternfly/react-core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveNotice } from '../../api/notifications';
import { noticeText } from './noticeText';
import { useLiveEvents } from './useLiveEvents';

const SHOWN = 4;
const TIMEOUT_MS = 8000;

/** Mounted once in the app's frame: each live notice appears as a toast, read aloud politely. */
export function LiveNotifications() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [toasts, setToasts] = useState<LiveNotice[]>([]);
  useLiveEvents((notice) => {
    setToasts((shown) => [notice, ...shown].slice(0, SHOWN));
    // the lists behind it may have changed (billing's notifications, subscriptions, keys)
    void client.invalidateQueries({ queryKey: ['notifications'] });
    if (notice.type.startsWith('subscription_'))
      void client.invalidateQueries({ queryKey: ['subscriptions'] });
    if (notice.type.startsWith('key_')) void client.invalidateQueries({ queryKey: ['keys'] });
  });
  const dismiss = (id: string) => {
    setToasts((shown) => shown.filter((notice) => notice.id !== id));
  };
  return (
    <AlertGroup isToast isLiveRegion>
      {toasts.map((notice) => {
        const { title, detail } = noticeText(t, notice);
        const danger = ['budget_exceeded', 'key_blocked', 'subscription_denied'].includes(
          notice.type,
        );
        return (
          <Alert
            key={notice.id}
            variant={danger ? 'danger' : 'info'}
            title={title}
            timeout={TIMEOUT_MS}
            onTimeout={() => {
              dismiss(notice.id);
            }}
            actionClose={
              <AlertActionCloseButton
                onClose={() => {
                  dismiss(notice.id);
                }}
              />
            }
          >
            {detail}
          </Alert>
        );
      })}
    </AlertGroup>
  );
}
