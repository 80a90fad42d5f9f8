// Who is signed in, their organisations and the interface language, shared by every page.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, send, setCsrf, whenSignedOut, type Schemas } from './api';
import type { Lang, Locale } from './format';
import { setLang } from './i18n';

export type Role = Schemas['Role'];
// An organisation of the session's: its settings, the user's role and permissions in it.
export type Org = Schemas['Organisation'];
// An invitation to join an organisation, waiting for the user's answer.
export type Invitation = Schemas['ReceivedInvitation'];
export type Session = Schemas['Session'];

let session: Session | null = null;
let loaded = false;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

function adopt(s: Session | null) {
  session = s;
  loaded = true;
  if (s) {
    setCsrf(s.csrf_token);
    setLang(s.user.locale === 'en' ? 'en' : 'fa');
  }
  notify();
}

whenSignedOut(() => { if (session) adopt(null); });

export async function loadSession() {
  try {
    adopt(await get('/api/v1/session'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) adopt(null);
    else throw e;
  }
}

export async function signIn(email: string, password: string) {
  adopt(await send('post', '/api/v1/session', {}, { email, password }));
}

export async function signOut() {
  try { await send('delete', '/api/v1/session', {}); } finally { adopt(null); }
}

// Switches the interface language and keeps it with the user's account.
export async function switchLanguage(lang: Lang) {
  setLang(lang);
  notify();
  if (session) adopt(await send('patch', '/api/v1/session', {}, { locale: lang }));
}

// Accepts or declines an invitation; the server answers with the session as it now stands.
export async function answerInvitation(id: number, accept: boolean) {
  adopt(await send('post', accept ? '/api/v1/session/invitations/{invitation}/accept' : '/api/v1/session/invitations/{invitation}/decline', { invitation: id }));
}

export async function leaveOrganisation(org: Org) {
  await send('delete', '/api/v1/orgs/{org}/membership', { org: org.id });
  await loadSession();
}

export function updateOrg(org: Org) {
  if (!session) return;
  session = { ...session, organisations: session.organisations.map((o) => (o.id === org.id ? { ...o, ...org } : o)) };
  notify();
}

export function useSession(): { session: Session | null; loaded: boolean } {
  const [, force] = useState(0);
  useEffect(() => {
    const on = () => force((n) => n + 1);
    listeners.add(on);
    return () => { listeners.delete(on); };
  }, []);
  return { session, loaded };
}

// The member's own calendar and digits in `org` where they chose them (the session's
// preferences), else the organisation's.
type Shown = Pick<Org, 'calendar' | 'digits' | 'preferences'>;
export function calendarOf(org: Shown | undefined): Locale['calendar'] {
  const mine = org?.preferences?.calendar;
  return mine && mine !== 'organisation' ? mine : org?.calendar ?? 'gregorian';
}
export function digitsOf(org: Shown | undefined): Locale['digits'] {
  const mine = org?.preferences?.digits;
  return mine && mine !== 'organisation' ? mine : org?.digits ?? 'persian';
}

// How numbers and dates read for this user in this organisation: their calendar and digits
// (the organisation's unless they chose otherwise), Latin digits in English. Days sent to
// the API stay in the organisation's calendar (org.calendar).
export function localeOf(org: (Shown & { time_zone?: string }) | undefined, lang: Lang): Locale {
  return {
    lang,
    digits: lang === 'fa' && digitsOf(org) === 'persian' ? 'persian' : 'latin',
    calendar: calendarOf(org),
    timeZone: org?.time_zone ?? 'UTC',
  };
}

export type Preferences = Schemas['MemberPreferences'];

// Keeps the member's own calendar and digits in `org` (a field absent is unchanged).
export async function setPreferences(org: Org, change: Partial<Preferences>) {
  const preferences = await send('patch', '/api/v1/orgs/{org}/membership', { org: org.id }, change);
  updateOrg({ ...org, preferences });
}

// The permissions the server names (src/accounts/permissions.cc). The session and GET /orgs
// list those held in each organisation; navigation and edit controls follow that list.
export type Permission = Schemas['Permission'];
export const PERMISSIONS = [
  'read_organisation', 'manage_organisation', 'manage_members', 'manage_owners', 'manage_api_keys', 'read_audit',
  'read_results', 'read_responses', 'manage_surveys', 'export', 'submit_data', 'read_contacts', 'manage_journeys', 'erase_contacts',
  'manage_channels', 'manage_text', 'manage_alerts', 'read_cases', 'work_cases', 'manage_cases', 'manage_webhooks', 'manage_program',
  'read_value', 'manage_outcomes',
] as const satisfies readonly Permission[];

// Only for a server that does not list permissions yet: what each role held when it did not
// (read_results then covered individual responses too).
const ANALYST: Permission[] = ['read_organisation', 'read_results', 'read_responses', 'manage_surveys', 'export', 'submit_data', 'read_contacts', 'manage_journeys', 'manage_text'];
const FALLBACK: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS.filter((p) => p !== 'manage_owners'),
  analyst: ANALYST,
  agent: ['read_organisation', 'read_results', 'read_responses', 'submit_data', 'read_contacts'],
  viewer: ['read_organisation', 'read_results', 'read_responses'],
};

// What the signed-in user may do in `org`: the server's list, or the role's when it has none.
// For navigation and controls only: the server decides.
export function permissionsOf(org: { role: Role; permissions?: readonly string[] } | undefined): readonly string[] {
  if (!org) return [];
  if (Array.isArray(org.permissions)) return org.permissions;
  return FALLBACK[org.role] ?? [];
}

export function can(org: { role: Role; permissions?: readonly string[] } | undefined, what: Permission): boolean {
  return permissionsOf(org).includes(what);
}
