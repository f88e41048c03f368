import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import {
  fetchNotifications,
  fetchUnreadCount,
  markAllNotificationsRead,
  markNotificationRead,
  NOTIFICATIONS_CHANGED,
  type NotificationView,
} from './api';
import { RuleKindName } from './rule-kinds';

const POLL_MS = 30_000;

/** The header's notification bell: unread count, and a panel with the latest notifications. */
export function NotificationBell() {
  const { t } = useTranslation();
  const panelId = useId();
  const location = useLocation();
  const [unread, setUnread] = useState(0);
  const [isOpen, setOpen] = useState(false);
  const [items, setItems] = useState<NotificationView[] | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);

  const refresh = useCallback(() => {
    fetchUnreadCount()
      .then((r) => setUnread(r.unread))
      .catch(() => {});
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: count again on every page change
  useEffect(() => {
    refresh();
  }, [location.pathname, refresh]);

  useEffect(() => {
    const timer = window.setInterval(refresh, POLL_MS);
    window.addEventListener(NOTIFICATIONS_CHANGED, refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, refresh);
    };
  }, [refresh]);

  useEffect(() => {
    if (!isOpen) return;
    fetchNotifications()
      .then((r) => {
        setItems(r.items);
        setUnread(r.unread);
      })
      .catch(() => setItems([]));
    const close = (e: MouseEvent) => {
      if (wrapper.current && !wrapper.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [isOpen]);

  async function handleRead(n: NotificationView) {
    if (n.readAt) return;
    const r = await markNotificationRead(n.id).catch(() => null);
    if (r) setUnread(r.unread);
    setItems(
      (list) => list?.map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString() } : x)) ?? null,
    );
  }

  async function handleReadAll() {
    const r = await markAllNotificationsRead().catch(() => null);
    if (r) setUnread(r.unread);
    setItems((list) => list?.map((x) => ({ ...x, readAt: x.readAt ?? new Date().toISOString() })) ?? null);
  }

  return (
    <div className="notification-bell" ref={wrapper}>
      <button
        type="button"
        className="button button--header"
        aria-expanded={isOpen}
        aria-controls={panelId}
        data-testid="notification-bell"
        onClick={() => setOpen((v) => !v)}
      >
        {t('notifications.bell')}
        <span className={unread > 0 ? 'badge badge--alert' : 'badge'} data-testid="notification-count">
          {unread}
        </span>
        <span className="visually-hidden">{t('notifications.unread', { count: unread })}</span>
      </button>
      {isOpen ? (
        <section id={panelId} className="notification-panel panel" aria-label={t('notifications.title')}>
          <header className="notification-panel__header">
            <h2>{t('notifications.title')}</h2>
            <button type="button" className="button button--secondary" onClick={() => void handleReadAll()}>
              {t('notifications.readAll')}
            </button>
          </header>
          {items === null ? <p>{t('app.loading')}</p> : null}
          {items?.length === 0 ? <p>{t('notifications.empty')}</p> : null}
          <ul className="notification-list">
            {items?.map((n) => (
              <li key={n.id} className={n.readAt ? 'notification' : 'notification notification--unread'}>
                <Link
                  to={
                    n.type !== 'alert'
                      ? (n.link ?? '/')
                      : n.dialogue
                        ? `/d/${n.dialogue}/alerts${n.alertId ? `#alert-${n.alertId}` : ''}`
                        : '/'
                  }
                  onClick={() => {
                    void handleRead(n);
                    setOpen(false);
                  }}
                >
                  {n.type !== 'alert' ? (
                    <MessageText n={n} />
                  ) : (
                    <>
                      <strong>{n.ruleName ?? t('notifications.alert')}</strong>{' '}
                      {n.kind ? <RuleKindName kind={n.kind} /> : ''} · {n.period ?? ''}
                    </>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** A notification that is not an alert, worded from its kind and payload (src/modules/messages). */
function MessageText({ n }: { n: NotificationView }) {
  const { t } = useTranslation();
  const p = n.payload;
  const str = (k: string) => {
    const v = p[k];
    return typeof v === 'string' ? v : '';
  };
  const num = (k: string) => {
    const v = p[k];
    return typeof v === 'number' ? v : 0;
  };
  const submission = { id: num('submissionId'), reporter: str('reporter') };
  switch (n.type) {
    case 'calendar.reminder':
      return (
        <>
          {t(p.isLate ? 'notifications.kinds.reminderLate' : 'notifications.kinds.reminder', {
            reporter: str('reporter'),
            count: num('count'),
          })}
        </>
      );
    case 'calendar.digest':
      return <>{t('notifications.kinds.digest', { count: num('states'), overdue: num('overdue') })}</>;
    case 'submission.submitted':
      return <>{t('notifications.kinds.submitted', submission)}</>;
    case 'submission.returned':
      return <>{t('notifications.kinds.returned', submission)}</>;
    case 'submission.validated':
      return <>{t('notifications.kinds.validated', submission)}</>;
    case 'submission.published':
      return <>{t('notifications.kinds.published', submission)}</>;
    case 'notice.sent':
      return <>{t('notifications.kinds.noticeSent', { state: str('state'), title: str('title') })}</>;
    case 'notice.inbound_draft':
      return <>{t('notifications.kinds.noticeInboundDraft', { title: str('title') })}</>;
    case 'notice.reminder':
      return <>{t('notifications.kinds.noticeReminder', { state: str('state'), title: str('title') })}</>;
    case 'notice.subscription':
      return (
        <>
          {t('notifications.kinds.noticeSubscription', {
            state: str('state'),
            title: str('title'),
            subscription: str('subscription'),
          })}
        </>
      );
    case 'notice.digest':
      return (
        <>{t('notifications.kinds.noticeDigest', { subscription: str('subscription'), n: num('count') })}</>
      );
    case 'notice.nudge':
      return <>{t('notifications.kinds.noticeNudge', { state: str('state'), months: num('months') })}</>;
    case 'consultation.opened':
      return (
        <>{t('notifications.kinds.consultationOpened', { title: str('title'), deadline: str('deadline') })}</>
      );
    case 'consultation.reminder':
      return (
        <>
          {t('notifications.kinds.consultationReminder', { title: str('title'), deadline: str('deadline') })}
        </>
      );
    case 'profile.update_due':
      return <>{t('profiles.updateDue', { state: str('state') })}</>;
    default:
      return <>{n.type}</>;
  }
}
