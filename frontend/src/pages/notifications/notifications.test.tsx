import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Notification } from '../../api/notifications';
import { expectNoSeriousViolations } from '../../test/axe';
import { mockApi, ok, problem } from '../../test/fetchMock';
import { renderLoggedIn } from '../../test/render';
import { sseStream, withStreams } from '../../test/sse';
import { notifications } from './i18n';

function notification(id: number, title: string, read = false): Notification {
  return {
    id,
    kind: 'budget_threshold',
    title,
    body: `${title}: details`,
    data: {},
    created_at: '2026-11-30T10:00:00Z',
    read_at: read ? '2026-11-30T11:00:00Z' : null,
  };
}

const approved = {
  id: 'e-1',
  type: 'subscription_approved',
  params: { model: 'mock-llama', subscription_id: 's-1' },
  at: '2026-11-30T12:00:00Z',
  audience: 'me',
};

describe('Notifications page', () => {
  it('lists my notifications, marks one and then all read', async () => {
    const items = [notification(1, 'Budget 80% reached'), notification(2, 'Budget exceeded')];
    const calls = mockApi({
      'GET /notifications': (call) =>
        ok({
          items: call.query.get('unread') === 'true' ? items.filter((i) => !i.read_at) : items,
          unread: items.filter((i) => !i.read_at).length,
        }),
      'POST /notifications/1/read': () => {
        items[0] = notification(1, 'Budget 80% reached', true);
        return ok({ marked: 1 });
      },
      'POST /notifications/read-all': () => ok({ marked: 1 }),
    });
    withStreams({ 'GET /events': sseStream() });
    renderLoggedIn('/notifications');
    const user = userEvent.setup();
    expect(await screen.findByText('Budget 80% reached')).toBeInTheDocument();
    expect(screen.getByText('2 unread')).toBeInTheDocument();
    await expectNoSeriousViolations();

    await user.click(screen.getByRole('button', { name: 'Mark “Budget 80% reached” read' }));
    await waitFor(() => {
      expect(screen.getByText('1 unread')).toBeInTheDocument();
    });
    expect(calls.some((c) => c.method === 'POST' && c.path === '/notifications/1/read')).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    expect(calls.some((c) => c.path === '/notifications/read-all')).toBe(true);

    await user.click(screen.getByRole('switch', { name: 'Unread only' }));
    await waitFor(() => {
      expect(calls.some((c) => c.query.get('unread') === 'true')).toBe(true);
    });
  });

  it('says so when there is none, and shows the problem detail when loading fails', async () => {
    mockApi({ 'GET /notifications': () => ok({ items: [], unread: 0 }) });
    withStreams({ 'GET /events': sseStream() });
    const { unmount } = renderLoggedIn('/notifications');
    expect(await screen.findByText('No notifications')).toBeInTheDocument();
    await expectNoSeriousViolations();
    unmount();

    mockApi({
      'GET /notifications': () => problem(503, 'Billing is away for a moment.'),
    });
    withStreams({ 'GET /events': sseStream() });
    renderLoggedIn('/notifications');
    expect(await screen.findByText('Billing is away for a moment.')).toBeInTheDocument();
  });

  it('shows a toast and the live list for each event, and resumes with Last-Event-ID', async () => {
    mockApi({ 'GET /notifications': () => ok({ items: [], unread: 0 }) });
    const events = sseStream();
    withStreams({ 'GET /events': events });
    renderLoggedIn('/notifications');
    await waitFor(() => {
      expect(events.requests).toHaveLength(1);
    });
    expect(events.requests[0]?.headers.get('authorization')).toBe('Bearer access-1');
    events.send('ready', {}, '0-0');
    events.send('notification', approved, '5-0');
    events.send('notification', approved, '5-0'); // delivered twice, shown once

    const toasts = await screen.findAllByText('Your subscription to mock-llama was approved');
    expect(toasts).toHaveLength(2); // one toast, one line in the live list
    const live = screen.getByRole('heading', {
      name: 'Live, since you signed in',
    });
    expect(live).toBeInTheDocument();
    await expectNoSeriousViolations();

    events.end(); // the server ended it: the hook comes back from where it was
    await waitFor(
      () => {
        expect(events.requests).toHaveLength(2);
      },
      { timeout: 7000 },
    );
    expect(events.requests[1]?.headers.get('last-event-id')).toBe('5-0');
    const toast = within(document.body).getAllByText(
      'Your subscription to mock-llama was approved',
    );
    expect(toast).toHaveLength(2);
  }, 10000);

  it('has a sentence for every kind of live notice in every language', () => {
    for (const strings of [notifications.en, notifications.es, notifications.fr]) {
      for (const type of Object.keys(notifications.en.live)) {
        expect(strings.live[type as keyof typeof strings.live]).not.toBe('');
      }
    }
  });
});
