import {
  Button,
  Card,
  CardBody,
  CardTitle,
  DataList,
  DataListAction,
  DataListCell,
  DataListItem,
  DataListItemCells,
  DataListItemRow,
  Label,
  PageSection,
  Switch,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMarkRead, useNotifications, type Notification } from '../../api/notifications';
import { PageHeader } from '../../components/PageHeader';
import { Empty, ErrorAlert, Loading } from '../../components/states';
import { LiveList } from './LiveList';

function When({ at }: { at: string }) {
  return <time dateTime={at}>{new Date(at).toLocaleString()}</time>;
}

function Row({ item }: { item: Notification }) {
  const { t } = useTranslation();
  const mark = useMarkRead();
  const id = `notification-${item.id}`;
  return (
    <DataListItem aria-labelledby={id}>
      <DataListItemRow>
        <DataListItemCells
          dataListCells={[
            <DataListCell key="text">
              <strong id={id}>{item.title}</strong>
              <p>{item.body}</p>
              {mark.isError && (
                <ErrorAlert error={mark.error} title={t('notifications.markFailed')} />
              )}
            </DataListCell>,
            <DataListCell key="when" isFilled={false}>
              <When at={item.created_at} />
            </DataListCell>,
          ]}
        />
        <DataListAction
          aria-labelledby={id}
          id={`${id}-action`}
          aria-label={t('notifications.markRead')}
        >
          {item.read_at ? (
            <Label>{t('notifications.read')}</Label>
          ) : (
            <Button
              variant="secondary"
              isLoading={mark.isPending}
              aria-label={t('notifications.markReadNamed', {
                title: item.title,
              })}
              onClick={() => {
                mark.mutate(item.id);
              }}
            >
              {t('notifications.markRead')}
            </Button>
          )}
        </DataListAction>
      </DataListItemRow>
    </DataListItem>
  );
}

export function NotificationsPage() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(unreadOnly);
  const markAll = useMarkRead();
  return (
    <>
      <PageHeader title={t('notifications.title')}>{t('notifications.intro')}</PageHeader>
      <PageSection>
        <LiveList />
      </PageSection>
      <PageSection>
        <Card>
          <CardTitle component="h2">{t('notifications.listTitle')}</CardTitle>
          <CardBody>
            <Toolbar>
              <ToolbarContent>
                <ToolbarItem>
                  <Switch
                    id="unread-only"
                    label={t('notifications.unreadOnly')}
                    isChecked={unreadOnly}
                    onChange={(_event, checked) => {
                      setUnreadOnly(checked);
                    }}
                  />
                </ToolbarItem>
                {list.data && list.data.unread > 0 && (
                  <>
                    <ToolbarItem>
                      <Label color="blue">
                        {t('notifications.unreadCount', {
                          count: list.data.unread,
                        })}
                      </Label>
                    </ToolbarItem>
                    <ToolbarItem>
                      <Button
                        variant="secondary"
                        isLoading={markAll.isPending}
                        onClick={() => {
                          markAll.mutate('all');
                        }}
                      >
                        {t('notifications.markAllRead')}
                      </Button>
                    </ToolbarItem>
                  </>
                )}
              </ToolbarContent>
            </Toolbar>
            {markAll.isError && (
              <ErrorAlert error={markAll.error} title={t('notifications.markFailed')} />
            )}
            {list.isPending ? (
              <Loading />
            ) : list.isError ? (
              <ErrorAlert error={list.error} title={t('notifications.loadFailed')} />
            ) : list.data.items.length === 0 ? (
              <Empty title={t('notifications.emptyTitle')}>{t('notifications.emptyBody')}</Empty>
            ) : (
              <DataList aria-label={t('notifications.listTitle')}>
                {list.data.items.map((item) => (
                  <Row key={item.id} item={item} />
                ))}
              </DataList>
            )}
          </CardBody>
        </Card>
      </PageSection>
    </>
  );
}
