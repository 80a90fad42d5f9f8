// Analysts' labels on comments, the classifier trained on them and the organisation's topic
// taxonomy, as the app reads and edits them: the API's answers (GET …/text/labels,
// …/text/taxonomy, a response's "tags" and each comment's "text") and pure helpers, unit-tested
// without a browser. The taxonomy form keeps one input per topic field and per keyword, in the
// order of the JSON it sends, so the server's error ("topics[2].keywords[0]") names an input.
import type { Schemas } from '../../lib/api';
import type { FieldErrors } from '../../lib/forms';

// --- what the text analyser read in a comment --------------------------------------------

// Its `labels` are the classifier's predictions: label → probability (≥ 0.5).
export type CommentAnalysis = Schemas['CommentAnalysis'];

// --- labels and the classifier -------------------------------------------------------------

export type LabelReport = Schemas['LabelReport'];
export type LabelCount = LabelReport['labels'][number];
export type Classifier = Schemas['LabelClassifier'];
export type Evaluation = Schemas['LabelEvaluation'];

// As the server checks them (src/http/text_routes.cc).
export const MAX_TAGS = 20;
export const MAX_LABEL_CHARS = 64;
// The classifier learns from labels with min_examples comments, and needs two such labels.
export const MIN_TRAINABLE_LABELS = 2;

export interface LabelProgress { label: string; comments: number; ready: boolean; missing: number; share: number }
export interface Trainability { rows: LabelProgress[]; ready: number; trainable: boolean; labelsMissing: number }

// How far each label is from being learnt, most used first; whether training can start.
export function trainability(report: Pick<LabelReport, 'labels' | 'min_examples'>): Trainability {
  const min = Math.max(1, report.min_examples);
  const rows = report.labels.map((l) => ({
    label: l.label, comments: l.comments, ready: l.comments >= min,
    missing: Math.max(0, min - l.comments), share: Math.min(1, l.comments / min),
  })).sort((a, b) => b.comments - a.comments || a.label.localeCompare(b.label));
  const ready = rows.filter((r) => r.ready).length;
  return { rows, ready, trainable: ready >= MIN_TRAINABLE_LABELS, labelsMissing: Math.max(0, MIN_TRAINABLE_LABELS - ready) };
}

export type TagProblem = 'empty' | 'long' | 'line' | 'many';

// A label as typed, made ready to send (trimmed), or what is wrong with it.
export function checkLabel(raw: string): { label: string } | { error: TagProblem } {
  const label = raw.trim();
  if (!label) return { error: 'empty' };
  if (/[\t\n\r]/.test(label)) return { error: 'line' };
  if ([...label].length > MAX_LABEL_CHARS) return { error: 'long' };
  return { label };
}

// The comment's labels with `raw` added (unchanged when it is there already).
export function withTag(tags: string[], raw: string): { tags: string[] } | { error: TagProblem } {
  const checked = checkLabel(raw);
  if ('error' in checked) return checked;
  if (tags.includes(checked.label)) return { tags };
  if (tags.length >= MAX_TAGS) return { error: 'many' };
  return { tags: [...tags, checked.label] };
}

export function withoutTag(tags: string[], label: string): string[] {
  return tags.filter((x) => x !== label);
}

// The classifier's labels an analyst has not confirmed yet, most probable first.
export function openPredictions(predicted: Record<string, number> | undefined, tags: string[]): { label: string; p: number }[] {
  return Object.entries(predicted ?? {}).filter(([label]) => !tags.includes(label))
    .map(([label, p]) => ({ label, p })).sort((a, b) => b.p - a.p || a.label.localeCompare(b.label));
}

// The labels to offer while typing: those in use and not on this comment, most used first,
// those containing what is typed (case-insensitively) first of all.
export function labelOptions(known: LabelCount[], tags: string[], typed = ''): string[] {
  const q = typed.trim().toLocaleLowerCase();
  const rest = known.filter((k) => !tags.includes(k.label)).sort((a, b) => b.comments - a.comments || a.label.localeCompare(b.label));
  if (!q) return rest.map((k) => k.label);
  const hits = rest.filter((k) => k.label.toLocaleLowerCase().includes(q));
  return [...hits, ...rest.filter((k) => !hits.includes(k))].map((k) => k.label);
}

// --- comments, as the response listing and a response carry them ----------------------------

// What the comment list reads of a response (GET …/surveys/{id}/responses, GET …/responses/{id}).
type SurveyResponse = Schemas['SurveyResponse'];
export type ListedResponse = Pick<SurveyResponse, 'id' | 'survey_id' | 'created_at' | 'answers'>
  & Partial<Pick<SurveyResponse, 'text' | 'tags' | 'touchpoint' | 'channel' | 'agent' | 'language'>>;
export interface CommentItem { response: ListedResponse; question: string; text: string; analysis: CommentAnalysis }
export interface CommentMatch { sentiment?: string; topic?: string }

// A response's analysed comments that match the sentiment and topic asked for.
export function commentsOf(r: ListedResponse, match: CommentMatch = {}): CommentItem[] {
  const out: CommentItem[] = [];
  for (const [question, analysis] of Object.entries(r.text ?? {})) {
    const text = r.answers?.[question];
    if (typeof text !== 'string' || !analysis) continue;
    if (match.sentiment && analysis.label !== match.sentiment) continue;
    if (match.topic && !(analysis.topics ?? []).includes(match.topic)) continue;
    out.push({ response: r, question, text, analysis });
  }
  return out;
}

export interface Page<T> { items: T[]; next_cursor: string | null }

// The comments of one or more surveys, newest first, a page at a time. The listing is per
// survey (GET …/surveys/{id}/responses?order=newest): each survey is read with its own cursor
// and the heads are merged by time. Sentiment and topic are matched here (the listing does not
// filter by them), so one call reads at most `maxFetches` pages and says whether there is more.
export class CommentFeed {
  private sources: { survey: string; buffer: ListedResponse[]; cursor: string | null; done: boolean }[];
  scanned = 0;

  constructor(surveys: string[], private fetchPage: (survey: string, cursor: string | null) => Promise<Page<ListedResponse>>,
              private match: CommentMatch = {}, private maxFetches = 8) {
    this.sources = surveys.map((survey) => ({ survey, buffer: [], cursor: null, done: false }));
  }

  get done(): boolean { return this.sources.every((s) => s.done && s.buffer.length === 0); }

  async next(n: number): Promise<{ items: CommentItem[]; done: boolean }> {
    const items: CommentItem[] = [];
    let fetches = 0;
    while (items.length < n) {
      // Every survey that may have more needs its next response in hand to know which is newest.
      const empty = this.sources.filter((s) => s.buffer.length === 0 && !s.done);
      if (empty.length) {
        if (fetches + empty.length > this.maxFetches && fetches > 0) break;
        fetches += empty.length;
        await Promise.all(empty.map(async (s) => {
          const page = await this.fetchPage(s.survey, s.cursor);
          s.buffer.push(...page.items);
          s.cursor = page.next_cursor;
          s.done = !page.next_cursor;
        }));
        continue;
      }
      let newest: (typeof this.sources)[number] | null = null;
      for (const s of this.sources) {
        if (!s.buffer.length) continue;
        if (!newest || later(s.buffer[0], newest.buffer[0])) newest = s;
      }
      if (!newest) break;  // every survey read to its end
      const r = newest.buffer.shift()!;
      this.scanned++;
      items.push(...commentsOf(r, this.match));
    }
    return { items, done: this.done };
  }
}

function later(a: ListedResponse, b: ListedResponse): boolean {
  const ta = Date.parse(a.created_at), tb = Date.parse(b.created_at);
  return ta !== tb ? ta > tb : a.id > b.id;
}

// --- the topic taxonomy --------------------------------------------------------------------

export type Taxonomy = Schemas['Taxonomy'];
export type TopicDef = Taxonomy['topics'][number];

// One topic in the form: `key` keeps a topic's inputs when others are added or removed;
// `idEdited` says the id was typed (else it follows the English name of a new topic).
export interface TopicRow { key: number; id: string; name_fa: string; name_en: string; keywords: string[]; idEdited: boolean }

let nextKey = 1;
export function taxonomyToForm(t: Pick<Taxonomy, 'topics'>): TopicRow[] {
  return t.topics.map((x) => ({ key: nextKey++, id: x.id, name_fa: x.name_fa ?? '', name_en: x.name_en ?? '', keywords: [...(x.keywords ?? [])], idEdited: true }));
}

export function blankTopic(): TopicRow {
  return { key: nextKey++, id: '', name_fa: '', name_en: '', keywords: [], idEdited: false };
}

// The body of PUT …/text/taxonomy: topics and keywords in the form's order, one for one (so
// the server's "topics[i].keywords[k]" is the form's input of that name), trimmed.
export function formToTaxonomy(rows: TopicRow[]): { topics: TopicDef[] } {
  return { topics: rows.map((r) => ({ id: r.id.trim(), name_fa: r.name_fa.trim(), name_en: r.name_en.trim(), keywords: r.keywords.map((k) => k.trim()) })) };
}

// A topic id from a name: "Loyalty points" → "loyalty_points" (ids are [a-z0-9_], ≤ 64).
export function slugId(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64);
}

// Keywords typed or pasted together: separated by commas (Latin or Persian), semicolons or lines.
export function splitKeywords(raw: string): string[] {
  return raw.split(/[,،;؛\n]+/).map((k) => k.trim().replace(/\s+/g, ' ')).filter(Boolean);
}

// The topic's keywords with new ones added (those already there are not repeated).
export function addKeywords(keywords: string[], raw: string): string[] {
  const out = [...keywords];
  for (const k of splitKeywords(raw)) if (!out.includes(k)) out.push(k);
  return out;
}

// The input a field of the taxonomy's JSON is typed in: the topic (by position) and which of
// its inputs; "topics[2].keywords[0]" is the first keyword, "topics[2].keywords" the input that
// adds keywords, "topics[2]" the topic as a whole. null: not a field of one topic ("topics").
export interface TaxonomyTarget { topic: number; part: 'id' | 'name_fa' | 'name_en' | 'keywords' | 'keyword' | 'topic'; keyword?: number; input: string }
export function taxonomyTarget(field: string | null | undefined): TaxonomyTarget | null {
  const m = /^topics\[(\d+)\](?:\.(id|name_fa|name_en|keywords)(?:\[(\d+)\])?)?$/.exec(field ?? '');
  if (!m) return null;
  const topic = Number(m[1]);
  if (!m[2]) return { topic, part: 'topic', input: `topics[${topic}].id` };
  if (m[2] === 'keywords' && m[3] !== undefined) {
    const keyword = Number(m[3]);
    return { topic, part: 'keyword', keyword, input: `topics[${topic}].keywords[${keyword}]` };
  }
  if (m[2] === 'keywords') return { topic, part: 'keywords', input: `topics[${topic}].keywords` };
  return { topic, part: m[2] as 'id' | 'name_fa' | 'name_en', input: `topics[${topic}].${m[2]}` };
}

// What the form checks before asking the server (the server checks the rest: an id's letters,
// repeated ids, keywords of more than four words): ids and keywords are there.
export function checkTaxonomy(rows: TopicRow[], say: { required: string; needKeyword: string }): FieldErrors {
  const errors: FieldErrors = {};
  rows.forEach((r, i) => {
    if (!r.id.trim()) errors[`topics[${i}].id`] = say.required;
    if (r.keywords.length === 0) errors[`topics[${i}].keywords`] = say.needKeyword;
    r.keywords.forEach((k, j) => { if (!k.trim()) errors[`topics[${i}].keywords[${j}]`] = say.required; });
  });
  return errors;
}

// Whether the form differs from the taxonomy it started from.
export function taxonomyChanged(rows: TopicRow[], saved: Pick<Taxonomy, 'topics'>): boolean {
  return JSON.stringify(formToTaxonomy(rows).topics) !== JSON.stringify(formToTaxonomy(taxonomyToForm(saved)).topics);
}

// --- re-analysing the stored comments ------------------------------------------------------
// POST …/text/enrich starts the organisation's one re-analysis job (409 while it runs);
// GET …/text/enrich is its progress: the responses read of those counted at the start, then
// the comments analysed and the responses written back. A finished job keeps its figures.

export type EnrichJob = Schemas['EnrichJob'];
export type EnrichState = EnrichJob['state'];

// Polled every second while it runs; after failed reads, less often (2, 4, … up to 30 s).
export const ENRICH_POLL_MS = 1000;
export function enrichPollDelay(failures: number): number {
  return failures <= 0 ? ENRICH_POLL_MS : Math.min(30_000, ENRICH_POLL_MS * 2 ** Math.min(failures, 5));
}

export interface EnrichProgress {
  read: number; total: number;
  share: number;  // of the responses read, 0–1, in whole percents rounded down (100% only when all are read)
}

// How far the job has read. Responses that arrived after it counted them do not take the bar
// past its end; nothing to read is all read once the job is over.
export function enrichProgress(job: Pick<EnrichJob, 'state' | 'read' | 'total'>): EnrichProgress {
  const total = Math.max(0, job.total), read = Math.max(0, Math.min(job.read, total));
  const share = total > 0 ? Math.floor((read / total) * 100) / 100 : job.state === 'done' ? 1 : 0;
  return { read, total, share };
}

// What the job did, once over: comments analysed, responses written back, seconds taken (null
// without both times).
export interface EnrichSummary { comments: number; enriched: number; read: number; seconds: number | null }
export function enrichSummary(job: EnrichJob): EnrichSummary | null {
  if (job.state !== 'done') return null;
  const from = job.started_at ? Date.parse(job.started_at) : NaN, to = job.finished_at ? Date.parse(job.finished_at) : NaN;
  const seconds = Number.isFinite(from) && Number.isFinite(to) ? Math.max(0, Math.round((to - from) / 1000)) : null;
  return { comments: job.comments, enriched: job.enriched, read: job.read, seconds };
}

// What the re-analysis panel shows: nothing yet, the bar, the result of the job this view
// watched (started here, or found running), the earlier job's result, or its failure.
export type EnrichView = 'none' | 'running' | 'done' | 'earlier' | 'failed';
export function enrichView(job: Pick<EnrichJob, 'state'> | null, watched: boolean): EnrichView {
  if (!job || job.state === 'idle') return 'none';
  if (job.state === 'running') return 'running';
  if (job.state === 'failed') return 'failed';
  return watched ? 'done' : 'earlier';
}
