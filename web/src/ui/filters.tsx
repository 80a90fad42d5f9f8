// Filters that apply everywhere and live in the address: survey, period (a preset or custom
// days in the organisation's calendar), touchpoint, channel, agent, language, what the
// comments say (their sentiment and topics, as analysed when they arrived) and the personas
// of the customer who answered.
import { get, type Schemas } from '../lib/api';
import { orgDay, periodRange, PERIODS, toLatinDigits, type Period, type Range } from '../lib/format';
import { agentLabel, agentNamesOf, type AgentNames } from '../lib/agent-names';
import { lang, localized, named, t } from '../lib/i18n';
import { personaValueLabel, type PersonaName } from '../lib/persona-names';
import { setParams, useRoute } from '../lib/router';
import { type Org } from '../lib/session';
import { useLoad } from '../lib/use-load';
import { Select } from './components';

export const DIMENSIONS = ['touchpoint', 'channel', 'agent', 'language'] as const;
// The metrics filter and break down by these too (a response is in the group of each topic
// it mentions); the response listing does not.
export const COMMENT_DIMENSIONS = ['sentiment', 'topic'] as const;
// And by the personas of the response's contact (persona ids; a contact in several counts in
// each; the group without a key is everyone in none, or anonymous).
export const PERSONA_DIMENSIONS = ['persona'] as const;
export type Dimension = (typeof DIMENSIONS)[number] | (typeof COMMENT_DIMENSIONS)[number] | (typeof PERSONA_DIMENSIONS)[number];
export const ALL_DIMENSIONS: readonly Dimension[] = [...DIMENSIONS, ...COMMENT_DIMENSIONS, ...PERSONA_DIMENSIONS];

// The names the organisation gives to what its data carries as ids.
export interface Names { personas?: PersonaName[]; agents?: AgentNames; touchpoints?: Map<string, { fa?: string; en?: string }> }

// A dimension's value as readers name it: languages, channels, sentiment labels and topics translated,
// personas by emoji and name, agents by their names in the call-centre directory, touchpoints
// by their names in the journey catalogue.
export function valueLabel(d: Dimension, v: string, names?: Names): string {
  if (d === 'language') return named('lang.', v);
  if (d === 'channel') return named('channel.', v);
  if (d === 'sentiment') return named('sentiment.', v);
  if (d === 'topic') return named('topic.', v);
  if (d === 'persona') return personaValueLabel(v, names?.personas);
  if (d === 'agent') return agentLabel(v, names?.agents, lang());
  if (d === 'touchpoint') return localized(names?.touchpoints?.get(v), v);
  return v;
}

// The organisation's agents' names, read once per session (an empty directory when the
// reader may not see it).
const agentLists = new Map<number, Promise<AgentNames>>();
export function listAgentNames(org: Org): Promise<AgentNames> {
  let list = agentLists.get(org.id);
  if (!list) {
    list = get('/api/v1/orgs/{org}/call-centre/agents', { org: org.id }).then((r) => agentNamesOf(r.items)).catch(() => new Map());
    agentLists.set(org.id, list);
  }
  return list;
}

// The touchpoint catalogue's names, read once per session.
const touchpointLists = new Map<number, Promise<Names['touchpoints']>>();
function listTouchpointNames(org: Org): Promise<Names['touchpoints']> {
  let list = touchpointLists.get(org.id);
  if (!list) {
    list = get('/api/v1/orgs/{org}/touchpoints', { org: org.id })
      .then((r) => new Map(r.items.map((tp) => [tp.key, tp.name ?? {}] as const))).catch(() => new Map());
    touchpointLists.set(org.id, list);
  }
  return list;
}

// Personas', agents' and touchpoints' names together, for labelling any dimension.
export async function loadNames(org: Org): Promise<Names> {
  const [personas, agents, touchpoints] = await Promise.all([listPersonas(org).catch(() => [] as PersonaName[]), listAgentNames(org), listTouchpointNames(org)]);
  return { personas, agents, touchpoints };
}

// The organisation's personas (ids, names, emoji), read once per session and again after a
// persona is saved or deleted (personasChanged).
const personaLists = new Map<number, Promise<PersonaName[]>>();
export function listPersonas(org: Org): Promise<PersonaName[]> {
  let list = personaLists.get(org.id);
  if (!list) {
    list = get('/api/v1/orgs/{org}/personas', { org: org.id }).then((r) => r.items.map(({ id, name, emoji }) => ({ id, name, emoji })));
    list.catch(() => personaLists.delete(org.id));
    personaLists.set(org.id, list);
  }
  return list;
}
export function personasChanged(org: number) { personaLists.delete(org); }

export interface Filters {
  survey: string;
  period: Period;
  range: Range;
  segment: Partial<Record<Dimension, string>>;
}

export function useFilters(org: Org): Filters {
  const { params } = useRoute();
  const period = (params.get('period') as Period) || '90d';
  const range = periodRange(period, Date.now(), org.calendar, org.time_zone,
                            { from: toLatinDigits(params.get('from') ?? ''), to: toLatinDigits(params.get('to') ?? '') });
  const segment: Filters['segment'] = {};
  for (const d of ALL_DIMENSIONS) { const v = params.get(d); if (v) segment[d] = v; }
  return { survey: params.get('survey') ?? '', period, range, segment };
}

// The metrics API's filter parameters for these filters. A topic and a sentiment together
// ask what the comments say about that topic: each topic's own label (topic_sentiment, so a
// comment late on delivery but glad of the product is negative for delivery only); "mixed"
// is a whole comment's label, asked as it is.
export function filterQuery(f: Filters): Record<string, string | undefined> {
  const { topic, sentiment, ...rest } = f.segment;
  const own = topic && sentiment && sentiment !== 'mixed'
    ? { topic_sentiment: topic.split(',').map((id) => `${id}:${sentiment}`).join(',') } : { topic, sentiment };
  return { survey: f.survey || undefined, from: f.range.from, to: f.range.to, ...rest, ...own };
}

export type SurveySummary = Schemas['SurveySummary'];

export function useSurveys(org: Org) {
  return useLoad(() => get('/api/v1/orgs/{org}/surveys', { org: org.id, limit: 200 }).then((r) => r.items), [org.id]);
}

// The scores that have a survey's question of their own type (not a rating's mean or distribution).
export type ScoreMetric = Exclude<Schemas['MetricReport']['metric'], 'mean' | 'distribution'>;
export const SCORE_METRICS: ScoreMetric[] = ['nps', 'csat', 'ces'];
const isScoreMetric = (type: string): type is ScoreMetric => (SCORE_METRICS as string[]).includes(type);

// The question each score reads: the survey's own (the first of its type), else the usual ids.
export async function questionsOf(org: Org, survey: string): Promise<Partial<Record<ScoreMetric, string>>> {
  if (!survey) return { nps: 'nps', csat: 'csat', ces: 'ces' };
  const s = await get('/api/v1/orgs/{org}/surveys/{survey}', { org: org.id, survey: Number(survey) });
  const out: Partial<Record<ScoreMetric, string>> = {};
  for (const q of s.definition.questions)
    if (isScoreMetric(q.type) && !out[q.type]) out[q.type] = q.id;
  return out;
}

// The values a dimension takes in the current survey and period (from a breakdown of the
// survey's first score question; min_n keeps every score hidden: only the keys are used).
export async function dimensionValues(org: Org, f: Filters, dim: Dimension): Promise<string[]> {
  const qs = await questionsOf(org, f.survey);
  const metric = SCORE_METRICS.find((m) => qs[m]);
  if (!metric) return [];
  const base = filterQuery({ ...f, segment: { ...f.segment, [dim]: undefined } });
  const r = await get('/api/v1/orgs/{org}/metrics', { org: org.id, ...base, metric, question: qs[metric], group_by: dim, min_n: 100000 });
  return r.groups.flatMap((g) => (g.key ? [g.key] : []));
}

// The period: a preset, or custom days (from, to) in ui/custom-period.tsx, loaded when chosen.
const customPeriod = () => import('./custom-period');
export function PeriodFields({ org, f }: { org: Org; f: Filters }) {
  const today = orgDay(Date.now(), org.calendar, org.time_zone);
  const custom = useLoad(() => (f.period === 'custom' ? customPeriod().then((m) => m.default) : Promise.resolve(null)), [f.period]);
  const Custom = custom.data;
  return (
    <>
      <Select label={t('filter.period')} name="period" value={f.period}
              options={[...PERIODS, 'custom' as const].map((p) => ({ value: p, label: t(`period.${p}`) }))}
              onChange={(v) => setParams({ period: v === '90d' ? null : v, ...(v === 'custom' ? { from: f.range.from ?? today, to: f.range.to ?? today } : { from: null, to: null }) })} />
      {f.period === 'custom' && Custom && <Custom org={org} from={f.range.from} to={f.range.to} />}
    </>
  );
}

export function FilterBar({ org, f, surveys, withSurvey = true, allowAllSurveys = true, withComments = true }: {
  org: Org; f: Filters; surveys: SurveySummary[]; withSurvey?: boolean; allowAllSurveys?: boolean; withComments?: boolean;
}) {
  const dimensions = withComments ? ALL_DIMENSIONS : DIMENSIONS;
  const values = useLoad(async () => {
    const out: Partial<Record<Dimension, string[]>> = {};
    const names = await loadNames(org);
    await Promise.all(dimensions.map(async (d) => {
      // Every persona, whether or not its customers answered in this period.
      if (d === 'persona') out[d] = (names.personas ?? []).map((p) => String(p.id));
      else out[d] = await dimensionValues(org, f, d).catch(() => []);
    }));
    return { out, names };
  }, [org.id, f.survey, f.range.from, f.range.to]);
  return (
    <div class="filterbar" data-testid="filters">
      {withSurvey && (
        <Select label={t('filter.survey')} name="survey" value={f.survey}
                options={[...(allowAllSurveys ? [{ value: '', label: t('common.all') }] : []),
                          ...surveys.map((s) => ({ value: String(s.id), label: s.name }))]}
                onChange={(v) => setParams({ survey: v })} />
      )}
      <PeriodFields org={org} f={f} />
      {dimensions.map((d) => (
        <Select label={t(`filter.${d}`)} name={d} value={f.segment[d] ?? ''}
                options={[{ value: '', label: t('common.all') },
                          ...[...new Set([...(values.data?.out[d] ?? []), ...(f.segment[d] ? [f.segment[d]!] : [])])].map((v) => ({ value: v, label: valueLabel(d, v, values.data?.names) }))]}
                onChange={(v) => setParams({ [d]: v })} />
      ))}
      {(Object.keys(f.segment).length > 0 || f.period !== '90d') && (
        <button class="link" onClick={() => setParams({ period: null, from: null, to: null, ...Object.fromEntries(ALL_DIMENSIONS.map((d) => [d, null])) })}>{t('filter.clear')}</button>
      )}
    </div>
  );
}
