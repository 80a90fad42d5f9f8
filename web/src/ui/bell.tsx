// The notification bell in the shell, for every signed-in member: the unread count (asked
// every 30 seconds while the page is visible), a list of the newest (what kind in words, the
// title, when), a click opens the case, and "mark all read".
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, send, type Schemas } from '../lib/api';
import { fmtDate, fmtNumber } from '../lib/format';
import { lang, t } from '../lib/i18n';
import { href, navigate } from '../lib/router';
import { can, localeOf, type Org } from '../lib/session';
import { useLoad } from '../lib/use-load';

type Notification = Schemas['Notification'];
const POLL_MS = 30_000;

// What a notification's detail says (src/act/notify.cc): a title (text, or by language) and
// the case it is about.
export function notificationTitle(n: Notification, language: string): string {
  const title = (n.detail as { title?: unknown } | undefined)?.title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object') {
    const byLang = title as Record<string, unknown>;
    return String(byLang[language] ?? byLang.fa ?? byLang.en ?? '');
  }
  return '';
}
export function notificationCase(n: Notification): number | null {
  const id = (n.detail as { case_id?: unknown } | undefined)?.case_id;
  return typeof id === 'number' ? id : null;
}

export function Bell({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const [open, setOpen] = useState(false);
  const list = useLoad(() => get('/api/v1/orgs/{org}/notifications', { org: org.id, limit: 15 }), [org.id], POLL_MS);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    const esc = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    document.addEventListener('click', away);
    document.addEventListener('keydown', esc);
    return () => { document.removeEventListener('click', away); document.removeEventListener('keydown', esc); };
  }, [open]);
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];
  // Only those who work cases can open one (a viewer's bell still lists what happened).
  const opens = can(org, 'work_cases');
  const markAll = async () => {
    await send('post', '/api/v1/orgs/{org}/notifications/read', { org: org.id }, {});
    list.reload();
  };
  return (
    <div class="bell" ref={root}>
      <button type="button" class="link bell-button" data-testid="bell" aria-expanded={open} aria-haspopup="true"
              aria-label={t('bell.title') + (unread ? ' — ' + t('bell.unread', { n: fmtNumber(unread, l) }) : '')}
              onClick={() => { setOpen(!open); if (!open) list.reload(); }}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" /></svg>
        {unread > 0 && <span class="bell-count" data-testid="bell-count">{fmtNumber(unread, l)}</span>}
      </button>
      {open && (
        <div class="bell-panel" role="dialog" aria-label={t('bell.title')} data-testid="bell-panel">
          <header><strong>{t('bell.title')}</strong>
            {unread > 0 && <button type="button" class="link small" data-testid="bell-mark-all" onClick={markAll}>{t('bell.markAll')}</button>}</header>
          {items.length === 0 ? <p class="muted small">{t('bell.none')}</p> : (
            <ul>{items.map((n) => {
              const caseId = notificationCase(n);
              const go = () => { setOpen(false); if (caseId) navigate(href(org.id, 'cases', caseId)); };
              return (
                <li class={n.read_at ? '' : 'unread'} data-testid="bell-item">
                  <button type="button" class="bell-item" onClick={go} disabled={!caseId || !opens}>
                    <span class="kind">{t(`notif.${(n.kind ?? 'alert') as NonNullable<Notification['kind']>}`)}</span>
                    <span class="title" dir="auto">{notificationTitle(n, lang())}</span>
                    <time class="muted small" dateTime={n.created_at}>{n.created_at ? fmtDate(n.created_at, l, true) : ''}</time>
                  </button>
                </li>
              );
            })}</ul>
          )}
        </div>
      )}
    </div>
  );
}
