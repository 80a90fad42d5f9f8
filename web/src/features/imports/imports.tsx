// Importing contacts (CSV), interactions (CSV, JSON lines, Asterisk queue_log) and customer
// transactions (CSV, on the customer value page: `kinds`) from a file:
// choose the file, check it (a dry run: every bad row by its line number, nothing written),
// then import it all or nothing. The upload shows its real progress (XMLHttpRequest's
// upload events), then an indeterminate bar while the server reads the rows; the end says
// how many were created, updated or already there.
import { useState } from 'preact/hooks';
import { ApiError, getAll, upload, type UploadProgress } from '../../lib/api';
import { fmtNumber, fmtPercent, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox } from '../../ui/components';
import { t } from './messages';
import {
  CONTACT_COLUMNS, contentType, FORMATS, guessFormat, importPath, INTERACTION_COLUMNS, problemsOf, reportOf, reportOfError, TRANSACTION_COLUMNS, uploaded,
  type ImportFormat, type ImportKind, type ImportReport,
} from './model';

type Phase = 'choose' | 'checking' | 'checked' | 'importing' | 'done';

export function Imports({ org, kinds = ['contacts', 'interactions'], onDone }: { org: Org; kinds?: ImportKind[]; onDone?: () => void }) {
  const l = localeOf(org, lang());
  const attributes = useLoad(() => getAll('/api/v1/orgs/{org}/contact-attributes', { org: org.id }).catch(() => []), [org.id]);
  const [kind, setKind] = useState<ImportKind>(kinds[0]);
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [createTouchpoints, setCreateTouchpoints] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>('choose');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const busy = phase === 'checking' || phase === 'importing';

  // Anything chosen anew forgets the last check.
  const reset = () => { setPhase('choose'); setReport(null); setError(null); setProgress(null); };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setError(null); setReport(null);
    setPhase(dryRun ? 'checking' : 'importing');
    setProgress({ phase: 'upload', loaded: 0, total: file.size });
    try {
      const body = await upload(
        importPath(org.id, kind, format, dryRun, createTouchpoints), file, contentType(format), setProgress);
      setReport(reportOf(body));
      setPhase(dryRun ? 'checked' : 'done');
      if (!dryRun) onDone?.();
    } catch (e) {
      const r = reportOfError(e);
      setReport(r);
      if (!r) setError(e);
      setPhase(r ? 'checked' : 'choose');
    } finally { setProgress(null); }
  };

  const formats = FORMATS[kind];
  const clean = report && report.problem_count === 0;
  const step = phase === 'done' ? 3 : clean ? 3 : file ? 2 : 1;
  return (
    <div data-testid="imports">
      <ol class="steps" aria-label={t('imp.steps')}>
        {[t('imp.step.choose'), t('imp.step.check'), t('imp.step.import')].map((s, i) => (
          <li class={i + 1 === step ? 'current' : i + 1 < step ? 'done' : ''} aria-current={i + 1 === step ? 'step' : undefined}>
            <span class="num">{fmtNumber(i + 1, l)}</span>{s}</li>
        ))}
      </ol>
      <Card title={t('imp.title')}>
        <p class="muted">{t('imp.allOrNothing')}</p>
        <fieldset class="row" disabled={busy}>
          {kinds.length > 1 && <div class="segmented" role="radiogroup" aria-label={t('imp.what')}>
            {kinds.map((k) => (
              <label class={kind === k ? 'active' : ''} data-testid={'import-kind-' + k}><input type="radio" name="kind" value={k} checked={kind === k}
                onChange={() => { setKind(k); setFormat(k === 'contacts' ? 'csv' : file ? guessFormat(file.name) : 'csv'); reset(); }} />{t(`imp.kind.${k}`)}</label>
            ))}
          </div>}
          {formats.length > 1 && (
            <label class="field"><span>{t('imp.format')}</span>
              <select name="format" value={format} onChange={(e) => { setFormat((e.target as HTMLSelectElement).value as ImportFormat); reset(); }}>
                {formats.map((f) => <option value={f}>{t(`imp.format.${f}`)}</option>)}
              </select></label>
          )}
          <label class="field file"><span>{t('imp.file')}</span>
            <span class="file-pick">
              <input type="file" name="file" class="visually-hidden" data-testid="import-file"
                     accept={kind !== 'interactions' ? '.csv,text/csv' : '.csv,.jsonl,.ndjson,.log,.txt,text/csv,text/plain,application/x-ndjson'}
                     onChange={(e) => {
                       const f = (e.target as HTMLInputElement).files?.[0] ?? null;
                       setFile(f);
                       if (f && kind === 'interactions') setFormat(guessFormat(f.name));
                       reset();
                     }} />
              <span class="button" aria-hidden="true">{t('imp.choose')}</span>
              <span class={file ? '' : 'muted'} dir="auto" data-testid="import-file-name">{file ? `${file.name} · ${sizeText(file.size, l)}` : t('imp.noFile')}</span>
            </span></label>
          {kind === 'interactions' && format !== 'queue_log' && (
            <label class="inline"><input type="checkbox" name="create_touchpoints" checked={createTouchpoints} onChange={() => { setCreateTouchpoints(!createTouchpoints); reset(); }} />{t('imp.createTouchpoints')}</label>
          )}
        </fieldset>
        <FormatHelp kind={kind} format={format} attributes={(attributes.data ?? []).map((a) => a.name)} />
        <div class="form-actions">
          <button type="button" class={clean ? 'secondary' : ''} disabled={!file || busy} data-testid="import-check" onClick={() => run(true)}>{t('imp.check')}</button>
          {clean && phase === 'checked' && (
            <button type="button" disabled={busy} data-testid="import-run" onClick={() => run(false)}>{t('imp.importN', { n: fmtNumber(report!.rows, l) })}</button>
          )}
          {progress && <Progress p={progress} l={l} writing={phase === 'importing'} />}
        </div>
        <ErrorBox error={error instanceof ApiError && error.status === 413 ? t('imp.tooLarge', { size: sizeText(file?.size ?? 0, l) }) : error} />
      </Card>
      {report && <Report report={report} kind={kind} done={phase === 'done'} l={l} />}
    </div>
  );
}

function sizeText(bytes: number, l: Locale) {
  return bytes < 1024 * 1024 ? fmtNumber(Math.max(1, Math.round(bytes / 1024)), l) + ' KB' : fmtNumber(bytes / 1024 / 1024, l, 1) + ' MB';
}

// The bytes sent so far as a bar with its percent; then an indeterminate bar while the server
// works (it says nothing until it is done).
function Progress({ p, l, writing }: { p: UploadProgress; l: Locale; writing: boolean }) {
  if (p.phase === 'upload') {
    const share = uploaded(p.loaded, p.total);
    return (
      <span class="upload-progress" data-testid="upload-progress">
        <progress max={100} value={Math.round(share * 100)} aria-label={t('imp.uploadingLabel')} />
        <span>{t('imp.uploading', { p: fmtPercent(share, l, 0) })}</span>
      </span>
    );
  }
  return (
    <span class="upload-progress" data-testid="server-progress">
      <progress aria-label={writing ? t('imp.writing') : t('imp.processing')} />
      <span>{writing ? t('imp.writing') : t('imp.processing')}</span>
    </span>
  );
}

function Report({ report, kind, done, l }: { report: ImportReport; kind: ImportKind; done: boolean; l: Locale }) {
  const n = (x: number) => fmtNumber(x, l);
  if (report.problem_count === 0) {
    const vars = { rows: n(report.rows), created: n(report.created), unchanged: n(report.unchanged) };
    return (
      <Card testid={done ? 'import-result' : 'import-report'} class={done ? 'result-ok' : ''}>
        {done ? <p class="ok" role="status" data-testid="import-done">{t(`imp.done.${kind}`, vars)}</p>
              : <p role="status" data-testid="import-clean"><strong>{t('imp.clean', { rows: n(report.rows) })}</strong> {t(`imp.would.${kind}`, vars)}</p>}
        {!done && <p class="muted small">{t('imp.nothingYet')}</p>}
      </Card>
    );
  }
  const problems = problemsOf(report);
  return (
    <Card testid="import-report" class="result-bad">
      <p class="error" role="alert" data-testid="import-bad">{t('imp.bad', { n: n(report.problem_count), rows: n(report.rows) })}</p>
      {report.problem_count > problems.length && <p class="muted small">{t('imp.shownFirst', { n: n(problems.length) })}</p>}
      <table class="table problems" data-testid="import-problems">
        <thead><tr><th>{t('imp.line')}</th><th>{t('imp.column')}</th><th>{t('imp.problem')}</th></tr></thead>
        <tbody>{problems.map((p) => (
          <tr data-testid="import-problem"><td class="line" data-testid="problem-line">{p.line === null ? '—' : n(p.line)}</td>
            <td dir="ltr"><code>{p.column}</code></td><td dir="auto">{p.message}</td></tr>
        ))}</tbody>
      </table>
      <p class="muted small">{t('imp.fixAndRetry')}</p>
    </Card>
  );
}

// What the file holds, for the chosen kind and format, and a template to start from.
function FormatHelp({ kind, format, attributes }: { kind: ImportKind; format: ImportFormat; attributes: string[] }) {
  const columns = kind === 'contacts' ? [...CONTACT_COLUMNS, ...attributes] : kind === 'transactions' ? TRANSACTION_COLUMNS : INTERACTION_COLUMNS;
  const sample = kind === 'contacts'
    ? columns.join(',') + '\n' + ['C-1001', 'someone@example.com', '+989121234567', 'fa', ...attributes.map(() => '')].join(',') + '\n'
    : kind === 'transactions' ? columns.join(',') + '\nC-1001,2026-01-31,2500000,ORDER-1,shoes,apparel,instagram\n'
    : format === 'jsonl' ? '{"contact": "C-1001", "touchpoint": "phone_support", "occurred_at": "2026-01-31T10:15:00+03:30", "channel": "phone", "agent": "a-12", "reference": "CALL-1", "facts": {"wait_s": 95}}\n'
    : format === 'csv' ? 'contact,email,phone,touchpoint,occurred_at,channel,agent,reference,fact.wait_s\nC-1001,someone@example.com,,phone_support,2026-01-31T10:15:00+03:30,phone,a-12,CALL-1,95\n'
    : '';
  const download = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([sample], { type: contentType(format) }));
    a.download = `${kind}-template.${format === 'jsonl' ? 'jsonl' : 'csv'}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  return (
    <details class="format-help" data-testid="format-help" open>
      <summary>{t('imp.whatFile')}</summary>
      <p class="small">{t(kind === 'interactions' ? `imp.help.${format}` : `imp.help.${kind}`)}</p>
      {kind !== 'interactions' || format === 'csv'
        ? <p class="small">{t('imp.columns')}: {columns.map((c) => <code class="chip" dir="ltr">{c}</code>)}</p> : null}
      {sample && <>
        <pre dir="ltr" class="sample">{sample}</pre>
        <button type="button" class="secondary small" onClick={download}>{t('imp.template')}</button>
      </>}
    </details>
  );
}
