// Who is signed in, their organisations and the interface language, shared by every page.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, setCsrf, whenSignedOut } from './api';
import type { Lang, Locale } from './format';
import { setLang } from './i18n';

export type Role = 'owner' | 'admin' | 'analyst' | 'agent' | 'viewer';
export interface Org { id: number; name: string; role: Role; time_zone: string; calendar: 'jalali' | 'gregorian'; digits: 'persian' | 'latin'; language: Lang }
export interface User { id: number; email: string; name: string; locale: Lang }
export interface Session { user: User; organisations: Org[]; csrf_token: string }

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
    adopt(await api<Session>('GET', '/api/v1/session'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) adopt(null);
    else throw e;
  }
}

export async function signIn(email: string, password: string) {
  adopt(await api<Session>('POST', '/api/v1/session', { email, password }));
}

export async function signOut() {
  try { await api('DELETE', '/api/v1/session'); } finally { adopt(null); }
}

// Switches the interface language and keeps it with the user's account.
export async function switchLanguage(lang: Lang) {
  setLang(lang);
  notify();
  if (session) adopt(await api<Session>('PATCH', '/api/v1/session', { locale: lang }));
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

// How numbers and dates read for this user in this organisation: Latin digits in English.
export function localeOf(org: Org | undefined, lang: Lang): Locale {
  return {
    lang,
    digits: lang === 'fa' && (org?.digits ?? 'persian') === 'persian' ? 'persian' : 'latin',
    calendar: org?.calendar ?? 'gregorian',
    timeZone: org?.time_zone ?? 'UTC',
  };
}

const PERMS: Record<string, Role[]> = {
  read_results: ['owner', 'admin', 'analyst', 'agent', 'viewer'],
  manage_surveys: ['owner', 'admin', 'analyst'],
  export: ['owner', 'admin', 'analyst'],
  manage_org: ['owner', 'admin'],
  read_contacts: ['owner', 'admin', 'analyst', 'agent'],
  manage_journeys: ['owner', 'admin', 'analyst'],
  manage_channels: ['owner', 'admin'],
  manage_text: ['owner', 'admin', 'analyst'],
};
// Mirrors src/accounts/permissions.cc, for navigation only: the server decides.
export function can(role: Role | undefined, what: keyof typeof PERMS): boolean {
  return !!role && PERMS[what].includes(role);
}
