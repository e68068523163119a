import type { TFunction } from 'i18next';
import type { LiveNotice } from '../../api/notifications';
import { notifications } from './i18n';

type LiveType = keyof typeof notifications.en.live;

function isKnown(type: string): type is LiveType {
  return type !== 'other' && type in notifications.en.live;
}

/** A live notice as a sentence in the reader's language (its reason, when it has one, apart). */
export function noticeText(t: TFunction, notice: LiveNotice): { title: string; detail?: string } {
  const title = isKnown(notice.type)
    ? t(`notifications.live.${notice.type}`, notice.params)
    : t('notifications.live.other', { type: notice.type });
  const reason = notice.params.reason;
  return reason ? { title, detail: t('notifications.reason', { reason }) } : { title };
}
