// The cases inbox: mine / unassigned / all (the server's `view`; agents have only their own),
// counts per status and a status filter, and a table of cases with their owner, age and both
// SLA clocks, what needs attention first on top. Refreshed every minute.
import { getAll, send } from '../../lib/api';
import { useState } from 'preact/hooks';
import { fmtNumber } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { href, setParams, useRoute } from '../../lib/router';
import { can, localeOf, permissionsOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { memberName, useMembers } from '../../ui/members';
import { t } from './messages';
import { ageParts, countByStatus, inboxOrder, matchesFilter, parseStatusFilter, STATUSES, viewsFor, type Case, type StatusFilter, type View } from './model';
import { LoopPanel } from './loop';
import { SlaBadge } from './sla';

export function Inbox({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const route = useRoute();
  const views = viewsFor(permissionsOf(org));
  const asked = route.params.get('view') as View | null;
  const view: View = asked && views.includes(asked) ? asked : views.includes('all') ? 'all' : 'mine';
  const filter = parseStatusFilter(route.params.get('status'));
  // The view's cases (bounded), so the counts per status are of the whole view.
  const cases = useLoad(() => getAll('/api/v1/orgs/{org}/cases', { org: org.id, view }, 2000), [org.id, view], 60_000);
  const members = useMembers(org);
  const counts = countByStatus(cases.data ?? []);
  const active = counts.new + counts.open + counts.waiting;
  const shown = inboxOrder((cases.data ?? []).filter((c) => matchesFilter(c, filter)));
  const now = cases.at?.getTime() ?? Date.now();
  // Case managers assign several cases at once: each from the version the inbox read.
  const manager = can(org, 'manage_cases');
  const [picked, setPicked] = useState<number[]>([]);
  const [assignee, setAssignee] = useState('');
  const [bulk, setBulk] = useState<{ busy: boolean; done?: number; failed?: number }>({ busy: false });
  const all: Case[] = cases.data ?? [];
  const assign = async () => {
    setBulk({ busy: true });
    let done = 0, failed = 0;
    for (const id of picked) {
      const c = all.find((x) => x.id === id);
      try {
        await send('patch', '/api/v1/orgs/{org}/cases/{case}', { org: org.id, case: id }, { version: c?.version ?? 0, owner: assignee ? Number(assignee) : null });
        done++;
      } catch { failed++; }
    }
    setBulk({ busy: false, done, failed });
    setPicked([]);
    cases.reload();
  };
  const filters: [StatusFilter, string, number][] = [
    ['active', t('cs.filter.active'), active],
    ...STATUSES.map((s) => [s, t(`case.status.${s}`), counts[s]] as [StatusFilter, string, number]),
    ['any', t('common.all'), cases.data?.length ?? 0],
  ];
  return (
    <div>
      <div class="page-head"><h1>{t('nav.cases')}</h1>
        {views.length > 1 && (
          <nav class="tabs" aria-label={t('cs.views')}>{views.map((v) => (
            <a href={href(org.id, 'cases', null, null, new URLSearchParams({ view: v, ...(filter !== 'active' ? { status: filter } : {}) }))}
               class={view === v ? 'active' : ''} aria-current={view === v ? 'page' : undefined} data-testid={'view-' + v}>{t(`cs.view.${v}`)}</a>
          ))}</nav>
        )}
      </div>
      <div class="status-filter" role="group" aria-label={t('common.status')} data-testid="status-filter">
        {filters.map(([f, label, n]) => (
          <button type="button" class={'pill' + (filter === f ? ' active' : '')} aria-pressed={filter === f} data-testid={'status-' + f}
                  onClick={() => setParams({ status: f === 'active' ? null : f })}>
            {label} <span class="count" data-testid={'count-' + f}>{fmtNumber(n, l)}</span>
          </button>
        ))}
      </div>
      <Card testid="inbox">
        <ErrorBox error={cases.error} />
        {manager && picked.length > 0 && (
          <div class="bulk-bar" data-testid="bulk-assign">
            <span>{t('cs.picked', { n: fmtNumber(picked.length, l) })}</span>
            <select name="bulk_owner" value={assignee} aria-label={t('cs.col.owner')} onChange={(e) => setAssignee((e.target as HTMLSelectElement).value)}>
              <option value="">{t('cs.unassigned')}</option>
              {(members.data ?? []).map((m) => <option value={String(m.user_id)}>{m.name || m.email}</option>)}
            </select>
            <button type="button" disabled={bulk.busy} data-testid="bulk-assign-go" onClick={assign}>{t('cs.assign')}</button>
          </div>
        )}
        {bulk.done !== undefined && <p class={bulk.failed ? 'notice' : 'ok'} role="status" data-testid="bulk-result">
          {t('cs.assigned', { n: fmtNumber(bulk.done, l) })}{bulk.failed ? ' ' + t('cs.assignFailed', { n: fmtNumber(bulk.failed, l) }) : ''}</p>}
        {!cases.data ? <Spinner /> : shown.length === 0 ? <p class="empty" data-testid="inbox-empty">{view === 'mine' ? t('cs.emptyMine') : t('cs.empty')}</p> : (
          <table class="table cases-table" data-testid="case-list">
            <thead><tr>{manager && <th><span class="visually-hidden">{t('cs.pick')}</span></th>}<th>{t('cs.col.case')}</th><th>{t('cs.col.priority')}</th><th>{t('common.status')}</th><th>{t('cs.col.owner')}</th>
              <th>{t('cs.col.age')}</th><th>{t('cs.firstResponse')}</th><th>{t('cs.resolution')}</th></tr></thead>
            <tbody>{shown.map((c) => {
              const age = ageParts(c.created_at ?? '', now);
              return (
                <tr data-testid="case-row" data-case={c.id}>
                  {manager && <td><input type="checkbox" aria-label={t('cs.pickCase', { n: String(c.id) })} data-testid="case-pick" checked={picked.includes(c.id ?? 0)}
                                         onChange={() => setPicked(picked.includes(c.id ?? 0) ? picked.filter((x) => x !== c.id) : [...picked, c.id ?? 0])} /></td>}
                  <td data-label={t('cs.col.case')}><a href={href(org.id, 'cases', c.id)} dir="auto" data-testid="case-title">{c.title}</a>
                    <div class="muted small"><span dir="ltr">#{fmtNumber(c.id ?? 0, l)}</span>{c.touchpoint ? <> · <span dir="auto">{c.touchpoint}</span></> : null}</div></td>
                  <td data-label={t('cs.col.priority')}><span class={'badge pr-' + c.priority} data-testid="case-priority">{t(`priority.${c.priority ?? 'normal'}`)}</span></td>
                  <td data-label={t('common.status')}><span class={'badge cs-' + c.status} data-testid="case-status">{t(`case.status.${c.status ?? 'new'}`)}</span></td>
                  <td data-label={t('cs.col.owner')}>{c.owner ? <span dir="auto" data-testid="case-owner">{memberName(members.data, c.owner, '')}</span> : <span class="muted" data-testid="case-owner">{t('cs.unassigned')}</span>}</td>
                  <td data-label={t('cs.col.age')} class="nowrap" title={c.created_at}>{t(`cs.age.${age.unit}`, { n: fmtNumber(age.n, l) })}</td>
                  <td data-label={t('cs.firstResponse')}><SlaBadge clock={c.sla?.first_response} l={l} testid="sla-first" /></td>
                  <td data-label={t('cs.resolution')}><SlaBadge clock={c.sla?.resolution} l={l} testid="sla-resolution" /></td>
                </tr>
              );
            })}</tbody>
          </table>
        )}
        {cases.data && <p class="muted small">{t('cs.workingTimeNote')}</p>}
      </Card>
      <LoopPanel org={org} l={l} />
    </div>
  );
}
