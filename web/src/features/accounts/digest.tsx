// My digest: the signed-in member's daily or weekly e-mail of their KPIs, new alerts and cases
// near breach, at an hour of the organisation's day; a preview of what it holds now and
// "send me one now".
import { useEffect, useState } from 'preact/hooks';
import { get, send, type Schemas } from '../../lib/api';
import { fmtDate, fmtNumber, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Select, Spinner } from '../../ui/components';
import { t } from './messages';

type Choice = Schemas['DigestChoiceInput'];
const DAYS = ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'] as const;

export function DigestSettings({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const current = useLoad(() => get('/api/v1/orgs/{org}/digest', { org: org.id }), [org.id]);
  const preview = useLoad(() => get('/api/v1/orgs/{org}/digest/preview', { org: org.id }), [org.id]);
  const [form, setForm] = useState<Choice>({ frequency: 'off' });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [sent, setSent] = useState<boolean | null>(null);
  useEffect(() => {
    const c = current.data;
    if (c) setForm({ frequency: c.frequency, ...(c.hour !== null ? { hour: c.hour } : {}), ...(c.weekday ? { weekday: c.weekday } : {}) });
  }, [current.data]);
  if (!current.data) return <Spinner />;
  const zero = fmtNumber(0, l);
  const hours = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${fmtNumber(h, l).padStart(2, zero)}:${zero}${zero}` }));
  const next = current.data.next_at;
  return (
    <>
      <Card title={t('digest.title')} testid="digest-form">
        <p class="small">{t('digest.help')}</p>
        <form class="row" onSubmit={async (e) => {
          e.preventDefault();
          setError(null); setSaved(false);
          try { await send('put', '/api/v1/orgs/{org}/digest', { org: org.id }, form); current.reload(); setSaved(true); } catch (err) { setError(err); }
        }}>
          <Select label={t('digest.frequency')} name="frequency" value={form.frequency}
                  onChange={(v) => { setForm({ ...form, frequency: v as Choice['frequency'] }); setSaved(false); }}
                  options={(['off', 'daily', 'weekly'] as const).map((f) => ({ value: f, label: t(`digest.${f}`) }))} />
          {form.frequency !== 'off' && (
            <Select label={t('digest.hour')} name="hour" value={String(form.hour ?? 8)}
                    onChange={(v) => setForm({ ...form, hour: Number(v) })} options={hours} />
          )}
          {form.frequency === 'weekly' && (
            <Select label={t('digest.weekday')} name="weekday" value={form.weekday ?? (org.calendar === 'jalali' ? 'sat' : 'mon')}
                    onChange={(v) => setForm({ ...form, weekday: v as Choice['weekday'] })}
                    options={DAYS.map((d) => ({ value: d, label: t(`digest.day.${d}`) }))} />
          )}
          <button type="submit">{t('common.save')}</button>
          {saved && <span class="ok" data-testid="digest-saved"> {t('common.saved')}</span>}
        </form>
        <p data-testid="digest-next">{next ? t('digest.next', { when: fmtDate(next, l, true) }) : t('digest.none')}</p>
        <ErrorBox error={error} />
      </Card>
      <Card title={t('digest.preview')} testid="digest-preview">
        {!preview.data ? <Spinner /> : <Preview digest={preview.data} l={l} />}
        <button class="secondary" data-testid="digest-send" onClick={async () => {
          setError(null);
          try { const r = await send('post', '/api/v1/orgs/{org}/digest/send', { org: org.id }, {}); setSent(r.queued); } catch (err) { setError(err); }
        }}>{t('digest.sendNow')}</button>
        {sent !== null && <span class="ok" data-testid="digest-sent"> {sent ? t('digest.sent') : t('digest.alreadySent')}</span>}
      </Card>
    </>
  );
}

function Preview({ digest, l }: { digest: Schemas['Digest']; l: Locale }) {
  if (digest.empty) return <p class="muted" data-testid="digest-empty">{t('digest.empty')}</p>;
  return (
    <ul class="plain" data-testid="digest-lines">
      {digest.kpis && <li>{t('digest.kpis', { n: fmtNumber(digest.kpis.length, l) })}</li>}
      <li>{t('digest.alerts', { n: fmtNumber(digest.alerts.count, l) })}</li>
      <li>{t('digest.cases', { n: fmtNumber(digest.cases.open, l), near: fmtNumber(digest.cases.near_breach.length, l) })}</li>
      {digest.cases.unassigned !== null && <li>{t('digest.unassigned', { n: fmtNumber(digest.cases.unassigned, l) })}</li>}
    </ul>
  );
}
