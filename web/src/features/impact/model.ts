// Which touchpoints move relationship NPS (GET …/journey/touchpoint-impact) as the Journeys page
// reads it, and pure helpers: the relationship survey to start from, the ranking, the one-line
// takeaway and whether the first two could swap places. Unit-tested without a browser.
import type { Schemas } from '../../lib/api';
import type { Lang } from '../../lib/format';

export type ImpactReport = Schemas['TouchpointImpact'];
// A touchpoint's share of R² with its interval, its customers' mean rating and the share of
// them satisfied (4 or 5); `name` and `stage` when the touchpoint is in the catalogue.
export type ImpactTouchpoint = ImpactReport['touchpoints'][number];

// The server's default least number of contacts who rated a touchpoint.
export const DEFAULT_MIN_N = 30;
export const MIN_N_CHOICES = [10, 30, 50, 100];

export function touchpointName(tp: { touchpoint: string; name?: Partial<Record<Lang, string>> }, lang: Lang): string {
  return tp.name?.[lang] || tp.name?.fa || tp.name?.en || tp.touchpoint;
}

// Most important first (the server's order, kept whatever it sends).
export function ranked(report: Pick<ImpactReport, 'touchpoints'>): ImpactTouchpoint[] {
  return report.touchpoints.slice().sort((a, b) => b.lmg_share - a.lmg_share || a.touchpoint.localeCompare(b.touchpoint));
}

// What the relationship survey is told by: its questions' ids and types.
interface Question { id: string; type: string }
export interface SurveyWithDefinition { id: number; name: string; definition?: { questions?: Question[] } }
export interface SurveyTemplate { id: string; name?: Partial<Record<Lang, string>>; definition?: { questions?: Question[] } }

const signature = (qs: Question[] | undefined) => (qs ?? []).map((q) => `${q.id}:${q.type}`).join('|');

// The survey to read relationship NPS from, and its NPS question (the `outcome`): one made from
// the relationship NPS template (its name or its questions), else the first with an NPS question.
export function relationshipSurvey(surveys: SurveyWithDefinition[], template?: SurveyTemplate): { id: number; outcome: string } | null {
  const npsOf = (s: SurveyWithDefinition) => s.definition?.questions?.find((q) => q.type === 'nps')?.id;
  const names = Object.values(template?.name ?? {}).filter(Boolean).map((n) => n!.trim());
  const fromTemplate = template && surveys.find((s) => npsOf(s) && (names.includes(s.name.trim()) ||
    signature(s.definition?.questions) === signature(template.definition?.questions)));
  const chosen = fromTemplate || surveys.find((s) => npsOf(s));
  return chosen ? { id: chosen.id, outcome: npsOf(chosen)! } : null;
}

export type Takeaway = { kind: 'fix' | 'protect' | 'lead'; touchpoint: ImpactTouchpoint };

// The answer in one sentence: the most important touchpoint to fix first (important and
// below the others in satisfaction); else the most important to protect; else the leader.
export function takeaway(report: Pick<ImpactReport, 'touchpoints'>): Takeaway | null {
  const list = ranked(report);
  const fix = list.find((x) => x.quadrant === 'fix_first');
  if (fix) return { kind: 'fix', touchpoint: fix };
  const keep = list.find((x) => x.quadrant === 'keep');
  if (keep) return { kind: 'protect', touchpoint: keep };
  return list[0] ? { kind: 'lead', touchpoint: list[0] } : null;
}

// The message and its values for the takeaway (names and percentages formatted by the caller).
export function takeawayMessage(tk: Takeaway, name: string, percent: (share: number) => string) {
  return {
    key: `ti.takeaway.${tk.kind}` as const,
    vars: { name, share: percent(tk.touchpoint.lmg_share), satisfied: percent(tk.touchpoint.satisfied_share) },
  };
}

// Below this R² the touchpoints explain little of relationship NPS: said so in words.
export const LOW_R2 = 0.1;

// The first two touchpoints when their intervals overlap (their order may not hold).
export function uncertainLead(report: Pick<ImpactReport, 'touchpoints'>): [ImpactTouchpoint, ImpactTouchpoint] | null {
  const [a, b] = ranked(report);
  if (!a || !b || a.ci_low === null || b.ci_high === null) return null;
  return a.ci_low <= b.ci_high ? [a, b] : null;
}

// The whiskers of the ranked chart: each interval as a segment at its touchpoint's row.
export function whiskers(list: ImpactTouchpoint[]): { row: number; low: number; high: number }[] {
  return list.flatMap((x, row) => (x.ci_low !== null && x.ci_high !== null ? [{ row, low: x.ci_low, high: x.ci_high }] : []));
}
