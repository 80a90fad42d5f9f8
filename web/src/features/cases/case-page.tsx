// One case: what it is about (the response's answers), its two SLA clocks, the next steps the
// server allows (`next_statuses`) with the resolution required to resolve, owner (case
// managers), priority, root cause, notes with @mentions, an e-mail to the customer
// (follow-up.tsx), and its history as a timeline in the
// organisation's calendar. Every change is sent from the version read: if someone changed the
// case meanwhile (409 on `version`) the page says so and shows their change.
import { useRef, useState } from 'preact/hooks';
import { ApiError, get, send, type Schemas } from '../../lib/api';
import { fmtDate, fmtNumber } from '../../lib/format';
import { lang, localized } from '../../lib/i18n';
import { href } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, FieldError, Spinner } from '../../ui/components';
import { memberName, useMembers, type Member } from '../../ui/members';
import { t } from './messages';
import {
  detailOf, insertMention, mentionCandidates, mentionQuery, mentionsIn, placeOf, PRIORITIES,
  type CaseDetail, type CaseErrorPlace, type CaseEvent, type CaseStatus, type Priority,
} from './model';
import { FollowUp } from './follow-up';
import { SlaBadge } from './sla';

type RootCause = Schemas['RootCause'];
type Contact = NonNullable<Schemas['CaseNote']['contact']>;
const CONTACTS: Contact[] = ['phone', 'email', 'sms', 'chat', 'visit'];
interface ResponseShown { id: number; survey_id: number; answers: Record<string, unknown>; language?: string; channel?: string; completed_at?: string | null }
interface QuestionShown { id: string; text?: unknown; choices?: { id: string; text?: unknown }[] }

// The verb of a step to `to` from `from`.
function stepLabel(from: string | undefined, to: string): string {
  if (to === 'open') return from === 'resolved' || from === 'closed' ? t('cs.to.reopen') : from === 'waiting' ? t('cs.to.resume') : t('cs.to.open');
  return t(`cs.to.${to as Exclude<CaseStatus, 'open'>}`);
}

function answerText(v: unknown, q: QuestionShown | undefined, l: ReturnType<typeof localeOf>): string {
  const choice = (id: unknown) => { const c = q?.choices?.find((x) => x.id === id); return c ? localized(c.text as Record<string, string>, String(id)) : String(id); };
  if (typeof v === 'number') return fmtNumber(v, l, Number.isInteger(v) ? 0 : 1);
  if (typeof v === 'string') return q?.choices ? choice(v) : v;
  if (Array.isArray(v)) return v.map(choice).join('، ');
  if (v && typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}: ${typeof x === 'number' ? fmtNumber(x, l) : String(x)}`).join('، ');
  return String(v ?? '');
}

export function CasePage({ org, id }: { org: Org; id: number }) {
  const l = localeOf(org, lang());
  const manager = can(org, 'manage_cases');
  const detail = useLoad(() => get('/api/v1/orgs/{org}/cases/{case}', { org: org.id, case: id }), [org.id, id]);
  const members = useMembers(org);
  const causes = useLoad(() => get('/api/v1/orgs/{org}/root-causes', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const response = (detail.data?.response ?? null) as ResponseShown | null;
  const survey = useLoad(() => (response?.survey_id && can(org, 'read_results')
    ? get('/api/v1/orgs/{org}/surveys/{survey}', { org: org.id, survey: response.survey_id }).catch(() => null) : Promise.resolve(null)), [org.id, response?.survey_id]);
  const [resolution, setResolution] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<CaseErrorPlace, string>>>({});
  const [busy, setBusy] = useState(false);
  const [ask, setAsk] = useState<boolean | null>(null);
  if (!detail.data) return detail.error ? <ErrorBox error={detail.error} /> : <Spinner />;
  const c: CaseDetail = detail.data;
  const resolutionText = resolution ?? c.resolution ?? '';
  const causeName = (cid: unknown) => { const x = causes.data?.find((r) => r.id === cid); return x ? localized(x.name, x.key ?? '') : `#${String(cid)}`; };
  const who = (uid: unknown) => (typeof uid === 'number' ? memberName(members.data, uid, '') : t('cs.nobody'));

  const change = async (body: Omit<Schemas['CaseChange'], 'version'>) => {
    setErrors({}); setBusy(true);
    try {
      await send('patch', '/api/v1/orgs/{org}/cases/{case}', { org: org.id, case: id }, { version: c.version ?? 0, ...body });
      if (body.status) setResolution(null);
      detail.reload();
    } catch (e) {
      const place = e instanceof ApiError ? placeOf(e.field) : 'other';
      if (place === 'version') { setErrors({ version: t('cs.changedMeanwhile') }); detail.reload(); }
      else setErrors({ [place]: e instanceof ApiError ? e.message : String(e) });
    } finally { setBusy(false); }
  };
  const asking = ask ?? (c.contact_id !== null && c.contact_id !== undefined);
  const step = (to: string) => change(to === 'resolved'
    ? { status: 'resolved', resolution: resolutionText.trim() }
    : to === 'closed' ? { status: 'closed', ask_customer: asking } : { status: to as CaseStatus });
  // The resolution is written on the way to resolved; once resolved it is shown as written.
  const showResolution = (c.next_statuses ?? []).includes('resolved');
  const activeCauses = (causes.data ?? []).filter((r) => r.active || r.id === c.root_cause);
  const questions = ((survey.data?.definition as { questions?: QuestionShown[] } | undefined)?.questions ?? []);
  // Answers in the survey's order (those it no longer asks last).
  const order = (qid: string) => { const i = questions.findIndex((q) => q.id === qid); return i < 0 ? questions.length : i; };

  return (
    <div data-testid="case-page">
      <div class="page-head">
        <a href={href(org.id, 'cases')}>{t('common.back')}</a>
        <h1 dir="auto" data-testid="case-heading">{c.title}</h1>
        <span class={'badge cs-' + c.status} data-testid="case-status">{t(`case.status.${c.status ?? 'new'}`)}</span>
        <span class={'badge pr-' + c.priority}>{t(`priority.${c.priority ?? 'normal'}`)}</span>
      </div>
      {errors.version && <p class="notice" role="alert" data-testid="case-conflict">{errors.version}</p>}
      <ErrorBox error={errors.other} />
      <div class="two-col">
        <div>
          <Card title={t('cs.work')} testid="case-actions">
            <div class="grid3">
              <label class={'field' + (errors.owner ? ' invalid' : '')}><span>{t('cs.col.owner')}</span>
                {manager ? (
                  <select name="owner" value={String(c.owner ?? '')} disabled={busy} data-testid="owner-picker"
                          onChange={(e) => { const v = (e.target as HTMLSelectElement).value; change({ owner: v ? Number(v) : null }); }}>
                    <option value="">{t('cs.unassigned')}</option>
                    {(members.data ?? []).map((m: Member) => <option value={String(m.user_id)}>{m.name || m.email}</option>)}
                  </select>
                ) : <strong dir="auto" data-testid="case-owner">{c.owner ? who(c.owner) : t('cs.unassigned')}</strong>}
                <FieldError message={errors.owner} field="owner" />
              </label>
              <label class={'field' + (errors.priority ? ' invalid' : '')}><span>{t('cs.col.priority')}</span>
                <select name="priority" value={c.priority} disabled={busy} onChange={(e) => change({ priority: (e.target as HTMLSelectElement).value as Priority })}>
                  {PRIORITIES.map((p) => <option value={p}>{t(`priority.${p}`)}</option>)}
                </select>
                <FieldError message={errors.priority} field="priority" />
              </label>
              <label class={'field' + (errors.root_cause ? ' invalid' : '')}><span>{t('cs.rootCause')}</span>
                <select name="root_cause" value={String(c.root_cause ?? '')} disabled={busy} data-testid="root-cause-picker"
                        onChange={(e) => { const v = (e.target as HTMLSelectElement).value; change({ root_cause: v ? Number(v) : null }); }}>
                  <option value="">{t('cs.noRootCause')}</option>
                  {activeCauses.map((r: RootCause) => <option value={String(r.id)}>{localized(r.name, r.key ?? '')}</option>)}
                </select>
                <FieldError message={errors.root_cause} field="root_cause" />
              </label>
            </div>
            {showResolution && (
              <label class={'field' + (errors.resolution ? ' invalid' : '')}>
                <span>{t('cs.resolutionText')}</span>
                <textarea name="resolution" rows={3} dir="auto" value={resolutionText} aria-invalid={errors.resolution ? true : undefined}
                          placeholder={t('cs.resolutionHelp')} onInput={(e) => setResolution((e.target as HTMLTextAreaElement).value)} />
                <FieldError message={errors.resolution} field="resolution" />
              </label>
            )}
            {!showResolution && c.resolution && <div class="field"><span>{t('cs.resolutionText')}</span><p class="note-text" dir="auto" data-testid="case-resolution">{c.resolution}</p></div>}
            <div class="form-actions" data-testid="next-statuses">
              {(c.next_statuses ?? []).map((s) => (
                <button type="button" class={s === 'resolved' || s === 'closed' ? '' : 'secondary'} disabled={busy} data-testid={'to-' + s}
                        onClick={() => step(s)}>{stepLabel(c.status, s)}</button>
              ))}
              {(c.next_statuses ?? []).length === 0 && <span class="muted">{t('cs.noSteps')}</span>}
            </div>
            {(c.next_statuses ?? []).includes('closed') && (
              <label class="check">
                <input type="checkbox" name="ask_customer" checked={asking} disabled={busy} data-testid="ask-customer"
                       onChange={(e) => setAsk((e.target as HTMLInputElement).checked)} /> {t('cs.askCustomer')}
              </label>
            )}
            <FieldError message={errors.ask_customer} field="ask_customer" />
            <FieldError message={errors.status} field="status" />
          </Card>
          <Notes org={org} id={id} members={members.data ?? []} onAdded={detail.reload} />
          {c.contact_id !== null && c.contact_id !== undefined && c.status !== 'closed' && <FollowUp orgId={org.id} caseId={id} onSent={detail.reload} />}
          <Card title={t('cs.history')} testid="case-history">
            <ol class="timeline case-timeline">
              {[...(c.history ?? [])].reverse().map((e) => <HistoryItem e={e} who={who} causeName={causeName} l={l} />)}
            </ol>
          </Card>
        </div>
        <div>
          <Card title={t('cs.sla')} testid="case-sla">
            <dl class="meta">
              <dt>{t('cs.firstResponse')}</dt><dd><SlaBadge clock={c.sla?.first_response} l={l} testid="sla-first" withDue /></dd>
              <dt>{t('cs.resolution')}</dt><dd><SlaBadge clock={c.sla?.resolution} l={l} testid="sla-resolution" withDue /></dd>
            </dl>
            <p class="muted small">{t('cs.workingTimeNote')}</p>
          </Card>
          {(c.checks ?? []).length > 0 && (
            <Card title={t('cs.checks')} testid="case-checks">
              <ul class="plain">{(c.checks ?? []).map((k) => (
                <li data-testid="case-check">
                  {k.answer ? <span class={'badge ' + (k.answer === 'yes' ? 'ok' : 'bad')} data-testid="check-answer">{t(k.answer === 'yes' ? 'cs.check.yes' : 'cs.check.no')}</span>
                    : <span class="muted">{t('cs.check.waiting', { at: k.sent_at ? fmtDate(k.sent_at, l, true) : '' })}</span>}
                  {k.comment && <p class="note-text" dir="auto">{k.comment}</p>}
                </li>
              ))}</ul>
            </Card>
          )}
          {response && (
            <Card title={t('cs.theResponse')} testid="case-response"
                  actions={can(org, 'read_responses') && <a href={href(org.id, 'responses', response.id)} class="small">{t('cs.openResponse')}</a>}>
              <dl class="answers">
                {Object.entries(response.answers ?? {}).sort(([a], [b]) => order(a) - order(b)).map(([qid, v]) => {
                  const q = questions.find((x) => x.id === qid);
                  return <><dt dir="auto">{q ? localized(q.text as Record<string, string>, qid) : qid}</dt><dd dir="auto" data-testid={'answer-' + qid}>{answerText(v, q, l)}</dd></>;
                })}
              </dl>
            </Card>
          )}
          <Card title={t('cs.details')}>
            <dl class="meta">
              <dt>{t('cs.opened')}</dt><dd>{c.created_at ? fmtDate(c.created_at, l, true) : ''}</dd>
              {c.touchpoint && <><dt>{t('filter.touchpoint')}</dt><dd dir="auto">{c.touchpoint}</dd></>}
              {c.agent && <><dt>{t('filter.agent')}</dt><dd dir="auto">{c.agent}</dd></>}
              {c.nps !== null && c.nps !== undefined && <><dt>{t('cs.rating')}</dt><dd data-testid="case-nps">{fmtNumber(c.nps, l)}</dd></>}
              {c.next_nps !== null && c.next_nps !== undefined && <><dt>{t('cs.nextRating')}</dt><dd data-testid="case-next-nps">{fmtNumber(c.next_nps, l)}</dd></>}
              {c.first_response_at && <><dt>{t('cs.firstResponseAt')}</dt><dd>{fmtDate(c.first_response_at, l, true)}</dd></>}
              {c.resolved_at && <><dt>{t('cs.resolvedAt')}</dt><dd>{fmtDate(c.resolved_at, l, true)}</dd></>}
              {c.closed_at && <><dt>{t('cs.closedAt')}</dt><dd>{fmtDate(c.closed_at, l, true)}</dd></>}
            </dl>
          </Card>
        </div>
      </div>
    </div>
  );
}

function HistoryItem({ e, who, causeName, l }: { e: CaseEvent; who: (id: unknown) => string; causeName: (id: unknown) => string; l: ReturnType<typeof localeOf> }) {
  const d = detailOf(e);
  const status = (s: unknown) => t(`case.status.${String(s) as CaseStatus}`);
  let text: string;
  switch (e.kind) {
    case 'opened': text = t('cs.ev.opened', { priority: t(`priority.${(d.priority ?? 'normal') as Priority}`) }); break;
    case 'assigned': text = d.to === null || d.to === undefined ? t('cs.ev.unassigned') : t('cs.ev.assigned', { to: who(d.to) }); break;
    case 'status': text = t('cs.ev.status', { from: status(d.from), to: status(d.to) }); break;
    case 'priority': text = t('cs.ev.priority', { from: t(`priority.${String(d.from) as Priority}`), to: t(`priority.${String(d.to) as Priority}`) }); break;
    case 'root_cause': text = d.to === null || d.to === undefined ? t('cs.ev.noRootCause') : t('cs.ev.rootCause', { cause: causeName(d.to) }); break;
    case 'resolution': text = t('cs.ev.resolution'); break;
    case 'title': text = t('cs.ev.title', { to: String(d.to ?? '') }); break;
    case 'note': text = d.contact ? t('cs.ev.contact', { how: t(`cs.contact.${d.contact as Contact}`) }) : t('cs.ev.note'); break;
    case 'check_sent': text = t('cs.ev.checkSent'); break;
    case 'customer_answer': text = t('cs.ev.customerAnswer', { answer: t(d.answer === 'yes' ? 'cs.check.yes' : 'cs.check.no') }); break;
    case 'follow_up': text = t('cs.ev.followUp', { subject: String(d.subject ?? '') }); break;
    case 'follow_up_sent': text = t('cs.ev.followUpSent'); break;
    case 'follow_up_failed': text = t('cs.ev.followUpFailed'); break;
    default: text = e.kind ?? '';
  }
  return (
    <li class={'ev-' + e.kind} data-testid={'event-' + e.kind}>
      <time dateTime={e.at}>{e.at ? fmtDate(e.at, l, true) : ''} · <span dir="auto">{e.actor ? who(e.actor) : t('cs.system')}</span></time>
      <span>{text}</span>
      {(e.kind === 'note' || e.kind === 'resolution') && d.text && <p class="note-text" dir="auto">{d.text}</p>}
      {e.kind === 'customer_answer' && d.comment && <p class="note-text" dir="auto">{String(d.comment)}</p>}
    </li>
  );
}

// A note, with a picker of members after '@' (arrow keys and Enter, or a click).
function Notes({ org, id, members, onAdded }: { org: Org; id: number; members: Member[]; onAdded: () => void }) {
  const [text, setText] = useState('');
  const [contact, setContact] = useState<Contact | ''>('');
  const [caret, setCaret] = useState(0);
  const [pick, setPick] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const query = mentionQuery(text, caret);
  const candidates = query === null ? [] : mentionCandidates(members, query);
  const choose = (m: Member) => {
    const next = insertMention(text, caret, m);
    setText(next.text); setCaret(next.caret); setPick(0);
    requestAnimationFrame(() => { box.current?.focus(); box.current?.setSelectionRange(next.caret, next.caret); });
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    setError(null); setBusy(true);
    try {
      await send('post', '/api/v1/orgs/{org}/cases/{case}/notes', { org: org.id, case: id }, { text: text.trim(), mentions: mentionsIn(text, members), ...(contact ? { contact } : {}) });
      setText(''); setCaret(0); setContact('');
      onAdded();
    } catch (ex) { setError(ex); } finally { setBusy(false); }
  };
  return (
    <Card title={t('cs.notes')} testid="case-notes">
      <form onSubmit={submit} class="note-form">
        <div class="mention-box">
          <textarea ref={box} name="note" rows={3} dir="auto" value={text} placeholder={t('cs.notePlaceholder')} aria-label={t('cs.notes')}
                    aria-autocomplete="list" aria-expanded={candidates.length > 0} aria-controls="mention-list"
                    onInput={(e) => { const el = e.target as HTMLTextAreaElement; setText(el.value); setCaret(el.selectionStart ?? el.value.length); setPick(0); }}
                    onClick={(e) => setCaret((e.target as HTMLTextAreaElement).selectionStart ?? 0)}
                    onKeyDown={(e) => {
                      if (!candidates.length) return;
                      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') { e.preventDefault(); setPick((p) => (p + (e.key === 'ArrowDown' ? 1 : candidates.length - 1)) % candidates.length); }
                      else if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); choose(candidates[Math.min(pick, candidates.length - 1)] as Member); }
                      else if (e.key === 'Escape') setCaret(-1);
                    }} />
          {candidates.length > 0 && (
            <ul class="mention-list" id="mention-list" role="listbox" data-testid="mention-list">
              {candidates.map((m, i) => (
                <li role="option" aria-selected={i === pick} class={i === pick ? 'active' : ''} onMouseDown={(e) => { e.preventDefault(); choose(m as Member); }}>
                  <span dir="auto">{m.name || m.email}</span> <small class="muted" dir="ltr">{m.email}</small>
                </li>
              ))}
            </ul>
          )}
        </div>
        <label class="field inline"><span>{t('cs.contactNote')}</span>
          <select name="contact" value={contact} data-testid="note-contact" onChange={(e) => setContact((e.target as HTMLSelectElement).value as Contact | '')}>
            <option value="">—</option>
            {CONTACTS.map((x) => <option value={x}>{t(`cs.contact.${x}`)}</option>)}
          </select>
        </label>
        <div class="form-actions">
          <button type="submit" class="secondary" disabled={busy || !text.trim()} data-testid="add-note">{t('cs.addNote')}</button>
          <small class="muted">{t('cs.mentionHelp')}</small>
        </div>
        <ErrorBox error={error} />
      </form>
    </Card>
  );
}
