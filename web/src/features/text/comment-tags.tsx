// A comment as analysts see it wherever it is listed (the Comments page, a response): its
// sentiment, its topics (named by the organisation's taxonomy), the analysts' tags as chips
// that can be removed, the classifier's suggested labels (outlined, with their probability,
// confirmed in one click) and an input that adds a tag, offering the labels already in use.
// Tags are changed with PATCH …/responses/{id}/tags (add/remove); editing is for those who may manage text.
// Comments and labels are people's text: always rendered as text, never as markup.
import { useEffect, useId, useState } from 'preact/hooks';
import { ApiError, get, send } from '../../lib/api';
import { fmtNumber, fmtPercent, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { FieldError } from '../../ui/components';
import { valueLabel } from '../../ui/filters';
import { t } from './messages';
import {
  labelOptions, MAX_LABEL_CHARS, MAX_TAGS, openPredictions, withoutTag, withTag, type LabelReport,
  type TagProblem, type Taxonomy,
} from './model';
import './text.css';

// --- the organisation's labels (one request however many comments are shown) ----------------

let labelsVersion = 0;
const labelListeners = new Set<() => void>();
const labelCache = new Map<string, Promise<LabelReport>>();

function cached<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = load();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

// Tags changed or the classifier was trained: whoever shows the labels reads them again.
export function labelsChanged() {
  labelsVersion++;
  labelCache.clear();
  labelListeners.forEach((l) => l());
}

export function useLabelReport(org: Org) {
  const [version, setVersion] = useState(labelsVersion);
  useEffect(() => {
    const on = () => setVersion(labelsVersion);
    labelListeners.add(on);
    return () => { labelListeners.delete(on); };
  }, []);
  return useLoad(() => cached(labelCache, `${org.id}:${version}`, () => get('/api/v1/orgs/{org}/text/labels', { org: org.id })), [org.id, version]);
}

// --- topics by the organisation's names -------------------------------------------------

const taxonomyCache = new Map<string, Promise<Taxonomy>>();
export function taxonomyChanged() { taxonomyCache.clear(); }

// A topic's name: the organisation's own taxonomy names it; the built-in topics are named in
// the interface's language; anything else by its id.
export function useTopicName(org: Org): (id: string) => string {
  const tax = useLoad(() => cached(taxonomyCache, String(org.id), () => get('/api/v1/orgs/{org}/text/taxonomy', { org: org.id })), [org.id]);
  return (id: string) => {
    const own = tax.data?.custom ? tax.data.topics.find((x) => x.id === id) : undefined;
    return (own && (lang() === 'fa' ? own.name_fa || own.name_en : own.name_en || own.name_fa)) || valueLabel('topic', id);
  };
}

export function SentimentBadge({ label }: { label: string }) {
  return <span class={'badge s-' + label} data-testid="sentiment-badge">{valueLabel('sentiment', label)}</span>;
}

// Each topic with what the comment says about it (its own sentiment, coloured and named for
// screen readers too) when the analysis has it.
export function TopicChips({ topics, sentiment, name = (id) => valueLabel('topic', id) }: {
  topics: string[]; sentiment?: Record<string, string>; name?: (id: string) => string;
}) {
  return <>{topics.map((id) => {
    const label = sentiment?.[id];
    return (
      <span class={'chip' + (label ? ' topic-s s-' + label : '')} data-testid="topic-chip" data-sentiment={label} dir="auto"
            title={label ? `${name(id)}: ${valueLabel('sentiment', label)}` : undefined}>
        {name(id)}{label && <span class="visually-hidden"> ({valueLabel('sentiment', label)})</span>}
      </span>
    );
  })}</>;
}

// --- tags on one comment ---------------------------------------------------------------

const PROBLEM: Record<TagProblem, (l: Locale) => string> = {
  empty: () => t('tx.tag.empty'), long: (l) => t('tx.tag.long', { n: fmtNumber(MAX_LABEL_CHARS, l) }),
  line: () => t('tx.tag.line'), many: (l) => t('tx.tag.many', { n: fmtNumber(MAX_TAGS, l) }),
};

export function CommentTags({ org, response, question, tags: initial, predicted, titled = true }: {
  org: Org; response: number; question: string; tags: string[]; predicted?: Record<string, number>; titled?: boolean;
}) {
  const editable = can(org, 'manage_text');
  const l = localeOf(org, lang());
  const [tags, setTags] = useState(initial);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const labels = useLabelReport(org);
  const listId = 'labels-' + useId();
  useEffect(() => setTags(initial), [initial.join('\n')]);

  const save = async (next: string[]) => {
    setBusy(true); setError(null);
    try {
      // Only the change is sent (PATCH add/remove), so two analysts tagging one comment at
      // once keep each other's labels; the answer is the comment's labels as they now are.
      const add = next.filter((t) => !tags.includes(t));
      const remove = tags.filter((t) => !next.includes(t));
      const r = await send('patch', '/api/v1/orgs/{org}/responses/{response}/tags', { org: org.id, response }, { question, add, remove });
      setTags(r.labels);
      labelsChanged();
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      return false;
    } finally { setBusy(false); }
  };
  const add = async (raw: string) => {
    const next = withTag(tags, raw);
    if ('error' in next) { setError(PROBLEM[next.error](l)); return; }
    if (next.tags === tags) { setTyped(''); return; }
    if (await save(next.tags)) setTyped('');
  };
  const predictions = openPredictions(predicted, tags);
  // A probability never reads as certain: 0.997 is 99%, not 100%.
  const prob = (p: number) => fmtPercent(Math.floor(p * 100) / 100, l, 0);
  const options = labelOptions(labels.data?.labels ?? [], tags, typed).slice(0, 50);
  return (
    <div class={'comment-tags' + (busy ? ' busy' : '')} data-testid="comment-tags" aria-busy={busy || undefined}>
      {titled && <span class="tags-title">{t('tx.tags')}</span>}
      {tags.map((label) => (
        <span class="chip tag" data-testid="tag" dir="auto">
          <bdi>{label}</bdi>
          {editable && <button type="button" class="chip-button" data-testid="tag-remove" disabled={busy}
                               aria-label={t('tx.removeTag', { label })} title={t('tx.removeTag', { label })}
                               onClick={() => save(withoutTag(tags, label))}>×</button>}
        </span>
      ))}
      {tags.length === 0 && !editable && predictions.length === 0 && <span class="muted small">{t('tx.noTags')}</span>}
      {predictions.map(({ label, p }) => (
        <span class="chip predicted" data-testid="predicted-label" dir="auto" title={t('tx.predictedTitle', { label, p: prob(p) })}>
          <span class="visually-hidden">{t('tx.predicted')}: </span>
          <bdi>{label}</bdi> <span class="prob">{prob(p)}</span>
          {editable && <button type="button" class="chip-button" data-testid="confirm-prediction" disabled={busy}
                               aria-label={t('tx.confirm', { label })} title={t('tx.confirm', { label })}
                               onClick={() => save([...tags, label])}>✓</button>}
        </span>
      ))}
      {editable && (
        <form class="tag-add" onSubmit={(e) => { e.preventDefault(); add(typed); }}>
          <input name="new-tag" dir="auto" list={listId} value={typed} placeholder={t('tx.addTag')} aria-label={t('tx.addTagFor')}
                 autocomplete="off" data-testid="tag-input" aria-invalid={error ? true : undefined}
                 onInput={(e) => { setTyped((e.target as HTMLInputElement).value); setError(null); }} />
          <datalist id={listId}>{options.map((o) => <option value={o} />)}</datalist>
          <button type="submit" class="secondary small" disabled={busy} data-testid="tag-add">{t('common.add')}</button>
        </form>
      )}
      {busy && <span class="muted small" role="status">{t('tx.saving')}</span>}
      <FieldError message={error ?? undefined} field="tags" />
    </div>
  );
}
