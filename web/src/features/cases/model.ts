// The cases inbox and a case as the app shows them, as pure functions (unit-tested without a
// browser): which views a member may use, the counts per status, the order of the inbox, an
// SLA clock as a badge (state, colour class and words), working time in hours and minutes,
// and @mentions in a note.
import type { Schemas } from '../../lib/api';

export type Case = Schemas['Case'];
export type CaseDetail = Schemas['CaseDetail'];
export type CaseEvent = Schemas['CaseEvent'];
export type CaseStatus = NonNullable<Case['status']>;
export type Priority = NonNullable<Case['priority']>;
export type SlaClock = NonNullable<NonNullable<Case['sla']>['first_response']>;
export type SlaState = NonNullable<SlaClock['state']>;

export const STATUSES: CaseStatus[] = ['new', 'open', 'waiting', 'resolved', 'closed'];
export const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];
// The statuses still being worked: the inbox's default filter.
export const ACTIVE: CaseStatus[] = ['new', 'open', 'waiting'];

export type View = 'mine' | 'unassigned' | 'all';

// The inbox's tabs for a member: those who read every case (read_cases) have all three; the
// others (agents) only their own, which is all the server would show them anyway.
export function viewsFor(permissions: readonly string[]): View[] {
  return permissions.includes('read_cases') ? ['mine', 'unassigned', 'all'] : ['mine'];
}

// The status filter as the address keeps it: 'active' (the default), 'any', or one status.
export type StatusFilter = 'active' | 'any' | CaseStatus;
export function parseStatusFilter(s: string | null): StatusFilter {
  if (s === 'any' || s === 'active') return s;
  return (STATUSES as string[]).includes(s ?? '') ? (s as CaseStatus) : 'active';
}
export function matchesFilter(c: Case, f: StatusFilter): boolean {
  if (f === 'any') return true;
  if (f === 'active') return ACTIVE.includes(c.status as CaseStatus);
  return c.status === f;
}

// How many cases are in each status (every status present, zero when none).
export function countByStatus(cases: Pick<Case, 'status'>[]): Record<CaseStatus, number> {
  const out = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  for (const c of cases) if (c.status && c.status in out) out[c.status]++;
  return out;
}

const URGENCY: Record<SlaState, number> = { breached: 0, warning: 1, running: 2, paused: 3, met_late: 4, met: 5 };
const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

// The clock that matters now: first response until it is met, then resolution.
export function currentClock(c: Pick<Case, 'sla'>): SlaClock | undefined {
  const first = c.sla?.first_response;
  if (first?.state && first.state !== 'met' && first.state !== 'met_late') return first;
  return c.sla?.resolution ?? first;
}

// The inbox's order: what is breached or about to be first, then by priority, then the least
// time left, then the oldest.
export function inboxOrder(cases: Case[]): Case[] {
  const key = (c: Case) => {
    const clock = currentClock(c);
    return [URGENCY[clock?.state ?? 'met'] ?? 5, PRIORITY_RANK[c.priority ?? 'normal'] ?? 2,
            clock?.remaining_minutes ?? Number.MAX_SAFE_INTEGER, Date.parse(c.created_at ?? '') || 0];
  };
  return [...cases].sort((a, b) => {
    const ka = key(a), kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return 0;
  });
}

// Working time as hours and minutes (of working time: a working day is not 24 hours).
export function durationParts(minutes: number): { h: number; m: number } {
  const abs = Math.abs(Math.round(minutes));
  return { h: Math.floor(abs / 60), m: abs % 60 };
}

// The words of an SLA badge: the message key and the time it speaks of (in working minutes).
// Colour alone never says it: each state has its own words.
export type BadgeKey = 'sla.running' | 'sla.warning' | 'sla.breached' | 'sla.breachedNow' | 'sla.paused' | 'sla.pausedBreached' | 'sla.met' | 'sla.metLate' | 'sla.none';
export function slaBadge(clock: SlaClock | undefined): { state: SlaState | 'none'; key: BadgeKey; minutes: number | null } {
  if (!clock?.state) return { state: 'none', key: 'sla.none', minutes: null };
  const left = clock.remaining_minutes ?? 0;
  switch (clock.state) {
    case 'running': return { state: 'running', key: 'sla.running', minutes: left };
    case 'warning': return { state: 'warning', key: 'sla.warning', minutes: left };
    // Just breached (no working time since, e.g. overnight): no "0 min over".
    case 'breached': return left < 0 ? { state: 'breached', key: 'sla.breached', minutes: -left } : { state: 'breached', key: 'sla.breachedNow', minutes: null };
    // A paused clock that had already run out stays breached (the server says "breached").
    case 'paused': return left <= 0 ? { state: 'paused', key: 'sla.pausedBreached', minutes: -left } : { state: 'paused', key: 'sla.paused', minutes: left };
    case 'met': return { state: 'met', key: 'sla.met', minutes: null };
    case 'met_late': return { state: 'met_late', key: 'sla.metLate', minutes: null };
  }
  return { state: 'none', key: 'sla.none', minutes: null };
}

// How long ago an instant was, in the largest whole unit (calendar time, for a case's age).
export function ageParts(fromIso: string, now: number): { n: number; unit: 'minutes' | 'hours' | 'days' } {
  const min = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 60_000));
  if (min < 60) return { n: min, unit: 'minutes' };
  if (min < 48 * 60) return { n: Math.floor(min / 60), unit: 'hours' };
  return { n: Math.floor(min / 1440), unit: 'days' };
}

// --- @mentions ------------------------------------------------------------------------------

export interface Mentionable { user_id: number; name: string; email: string }
const handle = (m: Mentionable) => (m.name || m.email.split('@')[0]).trim();

// The word being typed after an '@' just before the caret (null when there is none).
export function mentionQuery(text: string, caret: number): string | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && !/\s/.test(before[at - 1]))) return null;
  const q = before.slice(at + 1);
  return /[\n@]/.test(q) || q.length > 40 ? null : q;
}

// The members whose name or e-mail starts a word with `query` (case folded), at most `max`.
export function mentionCandidates(members: Mentionable[], query: string, max = 6): Mentionable[] {
  const q = query.toLocaleLowerCase();
  return members.filter((m) => {
    const words = [...handle(m).toLocaleLowerCase().split(/\s+/), m.email.toLocaleLowerCase()];
    return !q || words.some((w) => w.startsWith(q)) || handle(m).toLocaleLowerCase().startsWith(q);
  }).slice(0, max);
}

// The text with the '@query' before the caret replaced by '@Name ', and where the caret goes.
export function insertMention(text: string, caret: number, m: Mentionable): { text: string; caret: number } {
  const at = text.slice(0, caret).lastIndexOf('@');
  const put = '@' + handle(m) + ' ';
  return { text: text.slice(0, at) + put + text.slice(caret), caret: at + put.length };
}

// The members a note mentions: those whose '@Name' is in it (longest names first, so
// "@Sara Ahmadi" is not taken for "@Sara" too).
export function mentionsIn(text: string, members: Mentionable[]): number[] {
  const out: number[] = [];
  let rest = text;
  for (const m of [...members].sort((a, b) => handle(b).length - handle(a).length)) {
    const tag = '@' + handle(m);
    if (rest.includes(tag)) { out.push(m.user_id); rest = rest.split(tag).join(' '); }
  }
  return out;
}

// --- the case's history ---------------------------------------------------------------------

// A history event's detail as the server writes it (src/act/cases.cc).
export interface EventDetail { from?: unknown; to?: unknown; text?: string; mentions?: number[]; priority?: string; contact?: string; answer?: string; comment?: string; by?: string; subject?: string }
export function detailOf(e: CaseEvent): EventDetail {
  return (e.detail && typeof e.detail === 'object' ? e.detail : {}) as EventDetail;
}

// A server error's field as the case page shows it: `resolution`, `status` and `version` by
// name; anything else at the top.
export type CaseErrorPlace = 'resolution' | 'status' | 'version' | 'owner' | 'root_cause' | 'priority' | 'ask_customer' | 'other';
export function placeOf(field: string | null | undefined): CaseErrorPlace {
  const known: CaseErrorPlace[] = ['resolution', 'status', 'version', 'owner', 'root_cause', 'priority', 'ask_customer'];
  return (known as string[]).includes(field ?? '') ? (field as CaseErrorPlace) : 'other';
}
