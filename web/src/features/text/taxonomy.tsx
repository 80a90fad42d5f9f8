// The Comments page's topic taxonomy: the organisation's topics (or the built-in ones) as a
// form: each topic's id, Persian and English names and keywords (chips, each an input, added
// with Enter or a comma, removed with ×); topics added and removed; saved whole, with the
// server's error beside the input it names ("topics[2].keywords[0]"); back to the built-in
// taxonomy after a confirmation. Earlier comments keep their topics until analysed again: above
// the form, those who may re-analyse them (POST …/text/enrich), the job's progress followed
// every second (GET …/text/enrich), also when the tab opens while one runs; the note after a
// save or a reset offers it too.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, send } from '../../lib/api';
import { fmtDate, fmtNumber, fmtPercent, type Locale } from '../../lib/format';
import { errorAt, splitError, type FieldErrors } from '../../lib/forms';
import { lang } from '../../lib/i18n';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, FieldError, Spinner, TextField } from '../../ui/components';
import { taxonomyChanged as forgetTopicNames } from './comment-tags';
import { t } from './messages';
import {
  addKeywords, blankTopic, checkTaxonomy, enrichPollDelay, enrichProgress, enrichSummary, enrichView,
  formToTaxonomy, slugId, taxonomyChanged, taxonomyTarget, taxonomyToForm, type EnrichJob, type TopicRow,
} from './model';

export function TaxonomyEditor({ org }: { org: Org }) {
  const may = can(org, 'manage_text');
  const l = localeOf(org, lang());
  const saved = useLoad(() => get('/api/v1/orgs/{org}/text/taxonomy', { org: org.id }), [org.id]);
  const [rows, setRows] = useState<TopicRow[] | null>(null);
  const [pending, setPending] = useState<Record<number, string>>({});  // keywords being typed, by topic key
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [focus, setFocus] = useState<string | null>(null);
  const box = useRef<HTMLFormElement>(null);
  const enrich = useEnrichJob(org);
  const enrichBox = useRef<HTMLDivElement>(null);
  useEffect(() => { if (saved.data) { setRows(taxonomyToForm(saved.data)); setPending({}); } }, [saved.data]);
  // Brings the input named `focus` into view (a new topic, the first field in error).
  useEffect(() => {
    if (!focus || !box.current) return;
    const el = box.current.querySelector<HTMLInputElement>(`[name="${CSS.escape(focus)}"]`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
    setFocus(null);
  }, [focus, rows]);

  if (!saved.data || !rows) return saved.error ? <ErrorBox error={saved.error} /> : <Spinner />;
  const tax = saved.data;
  const changed = taxonomyChanged(rows, tax);

  // Positions change when topics or keywords are added or removed: errors by position go.
  const edit = (i: number, change: Partial<TopicRow>, structural = false) => {
    setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
    setNote(null);
    if (structural) { setErrors({}); return; }
    const gone = Object.keys(change).map((c) => `topics[${i}].${c}`);
    setErrors(Object.fromEntries(Object.entries(errors).filter(([k]) => !gone.some((g) => k === g || k.startsWith(g + '[')))));
  };
  const addPending = (i: number) => {
    const row = rows[i];
    const typed = pending[row.key] ?? '';
    if (!typed.trim()) return;
    edit(i, { keywords: addKeywords(row.keywords, typed) }, true);
    setPending({ ...pending, [row.key]: '' });
  };
  const save = async () => {
    setOther(null); setNote(null);
    // What is still typed in a keyword box counts.
    const final = rows.map((r) => (pending[r.key]?.trim() ? { ...r, keywords: addKeywords(r.keywords, pending[r.key]) } : r));
    setRows(final); setPending({});
    const local = checkTaxonomy(final, { required: t('tx.tax.required'), needKeyword: t('tx.tax.needKeyword') });
    if (Object.keys(local).length) {
      setErrors(local);
      setFocus(taxonomyTarget(Object.keys(local)[0])?.input ?? null);
      return;
    }
    setErrors({}); setBusy(true);
    try {
      await send('put', '/api/v1/orgs/{org}/text/taxonomy', { org: org.id }, formToTaxonomy(final));
      forgetTopicNames();
      setNote(t('tx.tax.saved'));
      saved.reload();
    } catch (e) {
      // The server names the field in the JSON, which is the form's input of the same position.
      const { fields, other } = splitError(e, (f) => (taxonomyTarget(f)?.topic ?? Infinity) < final.length);
      const mapped: FieldErrors = Object.fromEntries(Object.entries(fields).map(([f, m]) => [taxonomyTarget(f)!.input, m]));
      setErrors(mapped); setOther(other);
      setFocus(Object.keys(mapped)[0] ?? null);
    }
    setBusy(false);
  };
  const reset = async () => {
    if (!confirm(t('tx.tax.resetConfirm'))) return;
    setOther(null); setNote(null); setErrors({}); setBusy(true);
    try {
      await send('delete', '/api/v1/orgs/{org}/text/taxonomy', { org: org.id });
      forgetTopicNames();
      setNote(t('tx.tax.resetDone'));
      saved.reload();
    } catch (e) { setOther(e); }
    setBusy(false);
  };
  const addTopic = () => {
    setRows([...rows, blankTopic()]);
    setErrors({}); setNote(null);
    setFocus(`topics[${rows.length}].name_fa`);
  };

  const reanalyseNow = () => {
    enrichBox.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    enrich.start();
  };

  return (<>
    <div ref={enrichBox}><ReanalyseCard org={org} l={l} e={enrich} unsaved={may && changed} /></div>
    <Card testid="taxonomy" title={<>{t('tx.tax.title')} <span class={'badge' + (tax.custom ? ' published' : '')} data-testid="taxonomy-kind">
            {tax.custom ? t('tx.tax.custom') : t('tx.tax.builtIn')}</span></>}
          actions={<span class="muted small">{t('tx.tax.topics', { n: fmtNumber(rows.length, l) })}</span>}>
      <p class="muted">{t('tx.tax.help')}</p>
      {!tax.custom && may && <p class="notice" data-testid="builtin-note">{t('tx.tax.builtInNote')}</p>}
      {!may && <p class="notice">{t('tx.tax.readOnly')}</p>}
      <form ref={box} class="taxonomy-form" onSubmit={(e) => { e.preventDefault(); save(); }} noValidate>
        <fieldset class="bare" disabled={!may || busy}>
          <ol class="topics-list">
            {rows.map((row, i) => (
              <li key={row.key} class="topic-card" data-testid="topic" data-topic-id={row.id}>
                <div class="topic-fields">
                  <TextField label={t('tx.tax.nameFa')} name={`topics[${i}].name_fa`} dir="rtl" value={row.name_fa}
                             error={errorAt(errors, `topics[${i}].name_fa`)} onInput={(v) => edit(i, { name_fa: v })} />
                  <TextField label={t('tx.tax.nameEn')} name={`topics[${i}].name_en`} dir="ltr" value={row.name_en}
                             error={errorAt(errors, `topics[${i}].name_en`)}
                             onInput={(v) => edit(i, row.idEdited ? { name_en: v } : { name_en: v, id: slugId(v) })} />
                  <TextField label={t('tx.tax.id')} name={`topics[${i}].id`} dir="ltr" value={row.id}
                             error={errorAt(errors, `topics[${i}].id`)} onInput={(v) => edit(i, { id: v, idEdited: true })} />
                  {may && <button type="button" class="link danger small remove-topic" data-testid="remove-topic"
                          onClick={() => { setRows(rows.filter((_, j) => j !== i)); setErrors({}); setNote(null); }}>{t('tx.tax.removeTopic')}</button>}
                </div>
                <div class={'keywords' + (errorAt(errors, `topics[${i}].keywords`, true) ? ' invalid' : '')} role="group"
                     aria-label={t('tx.tax.keywords')}>
                  <span class="lp-label">{t('tx.tax.keywords')}</span>
                  <div class="kw-chips">
                    {row.keywords.map((k, j) => {
                      const name = `topics[${i}].keywords[${j}]`;
                      return (
                        <span class={'chip kw' + (errors[name] ? ' invalid' : '')} data-testid="keyword">
                          <input name={name} value={k} dir="auto" size={Math.max(2, [...k].length + 1)} aria-invalid={errors[name] ? true : undefined}
                                 aria-label={t('tx.tax.keyword', { n: fmtNumber(j + 1, l), topic: row.name_en || row.name_fa || row.id })}
                                 onInput={(e) => edit(i, { keywords: row.keywords.map((x, y) => (y === j ? (e.target as HTMLInputElement).value : x)) })} />
                          {may && <button type="button" class="chip-button" data-testid="remove-keyword" aria-label={t('tx.tax.removeKeyword', { k })}
                                  title={t('tx.tax.removeKeyword', { k })}
                                  onClick={() => edit(i, { keywords: row.keywords.filter((_, y) => y !== j) }, true)}>×</button>}
                        </span>
                      );
                    })}
                    {may && <input class="kw-add" name={`topics[${i}].keywords`} dir="auto" value={pending[row.key] ?? ''} placeholder={t('tx.tax.addKeywords')}
                           aria-label={t('tx.tax.addKeywords')} title={t('tx.tax.addKeywordsHelp')} data-testid="add-keyword"
                           aria-invalid={errors[`topics[${i}].keywords`] ? true : undefined}
                           onInput={(e) => {
                             const v = (e.target as HTMLInputElement).value;
                             if (/[,،;؛]/.test(v)) { setPending({ ...pending, [row.key]: '' }); edit(i, { keywords: addKeywords(row.keywords, v) }, true); }
                             else setPending({ ...pending, [row.key]: v });
                           }}
                           onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); addPending(i); } }}
                           onBlur={() => addPending(i)} />}
                  </div>
                  <FieldError message={errors[`topics[${i}].keywords`]} field={`topics[${i}].keywords`} />
                  {row.keywords.map((_, j) => <FieldError message={errors[`topics[${i}].keywords[${j}]`]} field={`topics[${i}].keywords[${j}]`} />)}
                </div>
              </li>
            ))}
          </ol>
          {may && <button type="button" class="secondary" data-testid="add-topic" onClick={addTopic}>{t('tx.tax.addTopic')}</button>}
        </fieldset>
        {may && (
          <div class="form-actions sticky-actions">
            <button type="submit" data-testid="save-taxonomy" disabled={busy || !changed}>{t('tx.tax.save')}</button>
            {changed && <>
              <span class="muted" data-testid="taxonomy-unsaved">{t('tx.tax.unsaved')}</span>
              <button type="button" class="link" onClick={() => { setRows(taxonomyToForm(tax)); setPending({}); setErrors({}); setOther(null); }}>{t('tx.tax.discard')}</button>
            </>}
            {Object.keys(errors).length > 0 && <span class="error" role="alert" data-testid="taxonomy-errors">{t('tx.tax.fix')}</span>}
            {note && <span class="ok" role="status" data-testid="taxonomy-note">{note}</span>}
            {note && <button type="button" class="link" data-testid="reanalyse-now" disabled={enrich.running} onClick={reanalyseNow}>{t('tx.enrich.now')}</button>}
            <span class="spacer" />
            {tax.custom && <button type="button" class="link danger" data-testid="reset-taxonomy" disabled={busy} onClick={reset}>{t('tx.tax.reset')}</button>}
          </div>
        )}
        <ErrorBox error={other} />
      </form>
    </Card>
  </>);
}

interface EnrichControl {
  job: EnrichJob | null;
  watched: boolean;   // seen running in this view (started here, or running when the tab opened)
  already: boolean;   // asked to start one while another ran: following that one
  starting: boolean;
  running: boolean;   // starting, or the job runs: no second start
  error: unknown;
  start: () => void;
}

// The organisation's re-analysis job: read when the tab opens and every second while it runs
// (less often after a failed read, the error shown until a read succeeds).
function useEnrichJob(org: Org): EnrichControl {
  const read = () => get('/api/v1/orgs/{org}/text/enrich', { org: org.id });
  const [job, setJob] = useState<EnrichJob | null>(null);
  const [watched, setWatched] = useState(false);
  const [already, setAlready] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [failures, setFailures] = useState(0);
  useEffect(() => {
    let live = true;
    setJob(null); setWatched(false); setAlready(false); setError(null); setFailures(0);
    // (A job started before this first answer arrives is the one to show.)
    read().then((j) => { if (live) { setJob((cur) => cur ?? j); setWatched((w) => w || j.state === 'running'); } },
                              (e) => { if (live) setError(e); });
    return () => { live = false; };
  }, [org.id]);
  useEffect(() => {
    if (job?.state !== 'running') return;
    let live = true;
    const id = setTimeout(() => read().then(
      (j) => { if (live) { setJob(j); setFailures(0); setError(null); } },
      (e) => { if (live) { setError(e); setFailures((n) => n + 1); } }), enrichPollDelay(failures));
    return () => { live = false; clearTimeout(id); };
  }, [job, failures]);
  const start = async () => {
    setError(null); setAlready(false); setStarting(true);
    try {
      const j = await send('post', '/api/v1/orgs/{org}/text/enrich', { org: org.id }, { force: true });
      setJob(j); setWatched(true);
    } catch (e) {
      // One is running already (started elsewhere): its progress instead.
      if (e instanceof ApiError && e.status === 409) {
        try { setJob(await read()); setWatched(true); setAlready(true); } catch (e2) { setError(e2); }
      } else setError(e);
    }
    setStarting(false);
  };
  return { job, watched, already, starting, running: starting || job?.state === 'running', error, start };
}

function ReanalyseCard({ org, l, e, unsaved }: { org: Org; l: Locale; e: EnrichControl; unsaved: boolean }) {
  const may = can(org, 'manage_text');
  const view = enrichView(e.job, e.watched);
  const summary = e.job && enrichSummary(e.job);
  const n = (x: number) => fmtNumber(x, l);
  return (
    <Card testid="reanalyse-card" title={t('tx.enrich.title')}>
      <p class="muted">{t('tx.enrich.help')}</p>
      {unsaved && <p class="notice" data-testid="reanalyse-unsaved">{t('tx.enrich.unsaved')}</p>}
      <div class="form-actions enrich-actions">
        {may && <button type="button" data-testid="reanalyse" disabled={e.running} onClick={e.start}>{t('tx.enrich.start')}</button>}
        {e.starting && view !== 'running' && (
          <span class="progress" role="progressbar" aria-busy="true" aria-label={t('tx.enrich.progress')}><span class="bar" />{t('tx.enrich.starting')}</span>
        )}
        {view === 'running' && <EnrichBar job={e.job!} l={l} />}
        {view === 'done' && summary && <>
          <span class="ok" role="status" data-testid="enrich-done">{t('tx.enrich.done', { n: n(summary.comments) })}</span>
          <span class="muted small" data-testid="enrich-detail">
            {/* A second or more: how long it took; quicker, no time. */}
            {t(summary.seconds ? 'tx.enrich.detailTime' : 'tx.enrich.detail', { enriched: n(summary.enriched), read: n(summary.read), s: n(summary.seconds ?? 0) })}
          </span>
        </>}
        {view === 'earlier' && summary && (
          <span class="muted" data-testid="enrich-earlier">
            {t('tx.enrich.earlier', { time: e.job!.finished_at ? fmtDate(e.job!.finished_at, l, true) : '—', n: n(summary.comments) })}</span>
        )}
        {view === 'failed' && (
          <span class="notice-inline" data-testid="enrich-failed">{t('tx.enrich.failed', { read: n(e.job!.read), total: n(e.job!.total) })}</span>
        )}
      </div>
      {e.already && view === 'running' && <p class="notice" data-testid="enrich-already">{t('tx.enrich.already')}</p>}
      <ErrorBox error={view === 'failed' ? e.job!.error : null} />
      <ErrorBox error={e.error} />
      {!may && <p class="muted small">{t('tx.enrich.readOnly')}</p>}
      <p class="muted small">{t('tx.enrich.cli')} <code dir="ltr">nazar text enrich --org {org.id} --force</code></p>
    </Card>
  );
}

// The responses read of those to read, as a bar with its percent.
function EnrichBar({ job, l }: { job: EnrichJob; l: Locale }) {
  const p = enrichProgress(job);
  const pct = Math.round(p.share * 100);
  return (
    <span class="enrich-progress" data-testid="enrich-progress" data-read={p.read} data-total={p.total}>
      <progress max={100} value={pct} aria-label={t('tx.enrich.progress')} aria-valuetext={fmtPercent(p.share, l, 0)} />
      <span data-testid="enrich-counts">{t('tx.enrich.running', { read: fmtNumber(p.read, l), total: fmtNumber(p.total, l), p: fmtPercent(p.share, l, 0) })}</span>
    </span>
  );
}
