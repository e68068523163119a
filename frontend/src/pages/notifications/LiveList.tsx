import { Card, CardBody, CardTitle, Content, Label, List, ListItem } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { noticeText } from './noticeText';
import { useHeardNotices } from './useLiveEvents';

/** What the live stream brought since the login (the toasts' lasting copy). */
export function LiveList() {
  const { t } = useTranslation();
  const heard = useHeardNotices();
  return (
    <Card>
      <CardTitle component="h2">{t('notifications.liveTitle')}</CardTitle>
      <CardBody aria-live="polite">
        {heard.length === 0 ? (
          <Content component="p">{t('notifications.liveEmpty')}</Content>
        ) : (
          <List isPlain>
            {heard.map((notice) => {
              const { title, detail } = noticeText(t, notice);
              return (
                <ListItem key={notice.id}>
                  {title}
                  {detail && ` — ${detail}`}{' '}
                  {notice.audience === 'admins' && (
                    <Label isCompact>{t('notifications.forAdmins')}</Label>
                  )}{' '}
                  <time dateTime={notice.at}>{new Date(notice.at).toLocaleTimeString()}</time>
                </ListItem>
              );
            })}
          </List>
        )}
      </CardBody>
    </Card>
  );
}
