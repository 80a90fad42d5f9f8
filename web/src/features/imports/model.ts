// File imports of contacts, interactions and customer transactions: the address and content type for each kind and
// format, and the server's report (every bad row by line) read into rows to show. Pure.
import { ApiError, type Params, type Schemas } from '../../lib/api';

export type ImportKind = 'contacts' | 'interactions' | 'transactions';
export type ImportFormat = NonNullable<Params<'/api/v1/orgs/{org}/interactions/import', 'post'>['format']>;
export const FORMATS: Record<ImportKind, ImportFormat[]> = { contacts: ['csv'], interactions: ['csv', 'jsonl', 'queue_log'], transactions: ['csv'] };
const CONTENT_TYPE: Record<ImportFormat, string> = { csv: 'text/csv', jsonl: 'application/x-ndjson', queue_log: 'text/plain' };

// The columns each file has (besides the contact attributes of the organisation).
export const CONTACT_COLUMNS = ['external_id', 'email', 'phone', 'language'];
// Transactions (the customer value page's import): amount in the currency's minor unit.
export const TRANSACTION_COLUMNS = ['contact', 'occurred_at', 'amount', 'reference', 'product', 'category', 'channel'];
export const INTERACTION_COLUMNS = ['contact', 'email', 'phone', 'touchpoint', 'occurred_at', 'channel', 'agent', 'reference', 'fact.<name>'];

// What the server found in the file: rows, what they would change or changed, every bad row by line.
export type ImportReport = Pick<Schemas['ImportReport'], 'rows' | 'created' | 'unchanged' | 'written' | 'problem_count' | 'problems'>;
export interface Problem { line: number | null; column: string; message: string }

export function importPath(org: number, kind: ImportKind, format: ImportFormat, dryRun: boolean, createTouchpoints = false): string {
  const q = new URLSearchParams();
  if (kind === 'interactions') q.set('format', format);
  if (dryRun) q.set('dry_run', 'true');
  if (kind === 'interactions' && createTouchpoints && format !== 'queue_log') q.set('create_touchpoints', 'true');
  const s = q.toString();
  const path = kind === 'transactions' ? 'outcomes/transactions' : kind;
  return `/api/v1/orgs/${org}/${path}/import${s ? '?' + s : ''}`;
}

export function contentType(format: ImportFormat): string {
  return CONTENT_TYPE[format];
}

// The format a file's name suggests: .jsonl/.ndjson, queue_log (Asterisk's name for it) or
// .log, else CSV.
export function guessFormat(fileName: string): ImportFormat {
  const n = fileName.toLowerCase();
  if (/\.(jsonl|ndjson)$/.test(n)) return 'jsonl';
  if (/queue_log/.test(n) || /\.log$/.test(n)) return 'queue_log';
  return 'csv';
}

// A report from an answer: a 200's body, or the one beside a 400's error; null otherwise. The
// answer is read as it comes (the upload's JSON, or an error's body), so its shape is checked.
export function reportOf(body: unknown): ImportReport | null {
  const within = (x: unknown) => (x && typeof x === 'object' && 'report' in x ? x.report : x);
  const r = within(body) as Partial<ImportReport> | null;
  if (!r || typeof r !== 'object' || typeof r.rows !== 'number' || !Array.isArray(r.problems)) return null;
  return { rows: r.rows, created: r.created ?? 0, unchanged: r.unchanged ?? 0, written: !!r.written,
           problem_count: r.problem_count ?? r.problems.length, problems: r.problems };
}

// The report of a failed import (400 with the report), or null when the error is another.
export function reportOfError(e: unknown): ImportReport | null {
  return e instanceof ApiError && e.status === 400 ? reportOf(e.body) : null;
}

// "line 17.email" → line 17, column email; "line 1" → the header line; anything else names a
// field without a line.
export function parseProblem(p: { field: string; message: string }): Problem {
  const m = /^line (\d+)(?:\.(.*))?$/.exec(p.field ?? '');
  // The server's message may start with the field's place ("line 3.email is not …"): the
  // line has its own column, so it is left out there.
  if (m) return { line: Number(m[1]), column: m[2] ?? '', message: p.message.replace(/^line \d+\.(?=\S)/, '') };
  return { line: null, column: p.field ?? '', message: p.message };
}

// Every problem, by line (problems without a line first: they are about the whole file).
export function problemsOf(r: ImportReport): Problem[] {
  return r.problems.map(parseProblem).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

// The share sent so far, 0..1.
export function uploaded(loaded: number, total: number): number {
  return total > 0 ? Math.min(1, Math.max(0, loaded / total)) : 0;
}
