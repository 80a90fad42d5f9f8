// Contacts: a search over them, and one contact's timeline (interactions, invitations and, for
// those who may read them, responses), their personas, data-subject export and erasure.
import { useState } from 'preact/hooks';
import { get, query, send, type Schemas } from '../../lib/api';
import { fmtDate, fmtNumber } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { personaLabel } from '../../lib/persona-names';
import { href, navigate, setParams, useRoute } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { t } from './messages';


export function Contacts({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const { params } = useRoute();
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const [more, setMore] = useState<{ items: Schemas['Contact'][]; next: string | null } | null>(null);
  const list = useLoad(() => { setMore(null); return get('/api/v1/orgs/{org}/contacts', { org: org.id, q, limit: 100 }); }, [org.id, q]);
  const items = [...(list.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : list.data?.next_cursor ?? null;
  return (
    <Card testid="contacts">
      <form class="row search" role="search" onSubmit={(e) => { e.preventDefault(); setParams({ q: search }); }}>
        <input type="search" name="q" dir="auto" placeholder={t('jr.searchContacts')} aria-label={t('jr.searchContacts')} value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        <button class="secondary" type="submit">{t('filter.search')}</button>
        {list.data && <span class="muted">{t('jr.contactCount', { n: fmtNumber(items.length, l), total: fmtNumber(list.data.total, l) })}</span>}
      </form>
      <ErrorBox error={list.error} />
      {!list.data ? <Spinner /> : (
        <table class="table" data-testid="contact-list">
          <thead><tr><th>{t('jr.externalId')}</th><th>{t('members.email')}</th><th>{t('jr.phone')}</th><th>{t('filter.language')}</th><th>{t('jr.attributes')}</th></tr></thead>
          <tbody>{items.map((c) => (
            <tr class="clickable" onClick={() => navigate(href(org.id, 'journeys', 'contacts', String(c.id)))}>
              <td dir="ltr"><a href={href(org.id, 'journeys', 'contacts', String(c.id))}>{c.external_id}</a></td>
              <td dir="ltr">{c.email}</td><td dir="ltr">{c.phone}</td><td>{c.language ? t(`lang.${c.language}`) : ''}</td>
              <td dir="auto">{Object.entries(c.attributes).map(([k, v]) => `${k}: ${v}`).join(' · ')}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {next && <button class="secondary" onClick={async () => {
        const page = await get('/api/v1/orgs/{org}/contacts', { org: org.id, q, limit: 100, cursor: next });
        setMore({ items: [...(more?.items ?? []), ...page.items], next: page.next_cursor });
      }}>{t('common.more')}</button>}
    </Card>
  );
}

export function Timeline({ org, id }: { org: Org; id: string }) {
  const l = localeOf(org, lang());
  const data = useLoad(() => get('/api/v1/orgs/{org}/contacts/{contact}', { org: org.id, contact: Number(id) }), [org.id, id]);
  const [error, setError] = useState<unknown>(null);
  if (!data.data) return data.error ? <ErrorBox error={data.error} /> : <Spinner />;
  // `responses` only comes to those who may read them.
  const { contact, interactions, responses = [], personas, invitations = [] } = data.data;
  const events = [
    ...interactions.map((i) => ({ at: i.occurred_at, kind: 'interaction' as const, i })),
    ...invitations.map((v) => ({ at: v.created_at, kind: 'invitation' as const, v })),
    ...responses.map((r) => ({ at: r.created_at, kind: 'response' as const, r })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const mayErase = can(org, 'erase_contacts');
  return (
    <div data-testid="timeline">
      <Card title={<span dir="ltr">{contact.external_id}</span>} actions={mayErase && (
        <>
          <button class="secondary small" data-testid="contact-export" onClick={async () => {
            try {
              const data = await send('post', '/api/v1/orgs/{org}/contacts/{contact}/export', { org: org.id, contact: Number(id) }, {});
              const a = document.createElement('a');
              a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
              a.download = `contact-${id}.json`;
              a.click();
              setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
            } catch (e) { setError(e); }
          }}>{t('jr.export')}</button>
          <button class="small danger secondary" data-testid="contact-erase" onClick={async () => {
            if (!confirm(t('jr.eraseConfirm'))) return;
            try { await send('delete', '/api/v1/orgs/{org}/contacts/{contact}', { org: org.id, contact: Number(id) }); navigate(href(org.id, 'journeys', 'contacts')); } catch (e) { setError(e); }
          }}>{t('jr.erase')}</button>
        </>
      )}>
        <dl class="meta">
          <dt>{t('members.email')}</dt><dd dir="ltr">{contact.email || '—'}</dd>
          <dt>{t('jr.phone')}</dt><dd dir="ltr">{contact.phone || '—'}</dd>
          <dt>{t('filter.language')}</dt><dd>{contact.language ? t(`lang.${contact.language}`) : '—'}</dd>
          {Object.entries(contact.attributes).map(([k, v]) => <><dt dir="ltr">{k}</dt><dd dir="auto">{String(v)}</dd></>)}
          {personas && <><dt>{t('jr.personas')}</dt><dd><PersonaChips org={org} personas={personas} /></dd></>}
        </dl>
        <ErrorBox error={error} />
      </Card>
      <Card title={t('jr.timeline')}>
        <ol class="timeline">
          {events.map((e) => (
            <li class={e.kind}>
              <time>{fmtDate(e.at, l, true)}</time>
              {e.kind === 'invitation' ? (
                <span dir="auto" data-testid="timeline-invitation">{t('jr.invitation', { channel: e.v.channel })}
                  <span class="badge">{t(`inv.status.${e.v.status}`)}</span>
                  {e.v.touchpoint ? ' · ' + e.v.touchpoint : ''}</span>
              ) : e.kind === 'interaction' ? (
                <span dir="auto"><strong>{e.i.touchpoint}</strong> · {e.i.channel}{e.i.agent ? ' · ' + e.i.agent : ''}{e.i.reference ? ' · ' + e.i.reference : ''}
                  {Object.entries(e.i.facts).map(([k, v]) => <span class="badge">{k}: {fmtNumber(Number(v), l)}</span>)}</span>
              ) : (
                <span dir="auto"><a href={href(org.id, 'responses', e.r.id)}>{t('resp.detail', { id: fmtNumber(e.r.id, l) })}</a> · {e.r.touchpoint}
                  {Object.entries(e.r.answers).filter(([, v]) => typeof v === 'number').map(([k, v]) => <span class="badge">{k}: {fmtNumber(Number(v), l)}</span>)}</span>
              )}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}

// A contact's personas, as chips that open the persona's scores.
function PersonaChips({ org, personas }: { org: Org; personas: { id: number; name: string; emoji?: string }[] }) {
  return (
    <span class="persona-chips" data-testid="contact-personas">
      {personas.length === 0 ? <span class="muted">{t('jr.inNoPersona')}</span> : personas.map((p) => (
        <a class="chip persona-chip" data-testid="persona-chip" href={href(org.id, 'dashboard', null, null, query({ persona: p.id }).slice(1))} dir="auto">{personaLabel(p)}</a>
      ))}
    </span>
  );
}
