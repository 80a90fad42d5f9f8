// The app's shell: sign-in, the organisation switcher, navigation by role, the language
// switch, and the current page (each page is its own chunk, loaded when first visited).
import { render } from 'preact';
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Invitations } from './features/accounts/join';
import { Login } from './features/accounts/login';
import { lang, t } from './lib/i18n';
import { href, interceptLinks, navigate, useRoute } from './lib/router';
import { can, loadSession, signOut, switchLanguage, useSession, type Org } from './lib/session';
import { Bell } from './ui/bell';
import { Spinner } from './ui/components';
import './ui/styles.css';

const pages: Record<string, () => Promise<{ default: ComponentType<{ org: Org }> }>> = {
  dashboard: () => import('./features/dashboard/dashboard'),
  surveys: () => import('./features/surveys/surveys'),
  responses: () => import('./features/responses/responses'),
  comments: () => import('./features/text/comments'),
  journeys: () => import('./features/journeys/journeys'),
  triggers: () => import('./features/triggers/triggers'),
  cases: () => import('./features/cases/cases'),
  alerts: () => import('./features/alerts/alerts'),
  plans: () => import('./features/plans/plans'),
  program: () => import('./features/program/program'),
  value: () => import('./features/value/value'),
  webhooks: () => import('./features/webhooks/webhooks'),
  settings: () => import('./features/accounts/settings'),
};

function LazyPage({ name, org }: { name: string; org: Org }) {
  const [Page, setPage] = useState<{ c: ComponentType<{ org: Org }> } | null>(null);
  useEffect(() => {
    let live = true;
    setPage(null);
    (pages[name] ?? pages.dashboard)().then((m) => live && setPage({ c: m.default }));
    return () => { live = false; };
  }, [name]);
  return Page ? <Page.c org={org} /> : <Spinner />;
}

function Shell() {
  const { session, loaded } = useSession();
  const route = useRoute();
  // On a phone the sections fold into a menu, closed again once one is chosen.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [route.page, route.org]);
  if (!loaded) return <Spinner />;
  if (!session) return <Login />;
  const orgs = session.organisations;
  const invitations = session.invitations ?? [];
  if (route.org === null || !orgs.some((o) => o.id === route.org)) {
    if (orgs.length) { navigate(href(orgs[0].id, 'dashboard'), true); return <Spinner />; }
    return (
      <main class="empty-state">
        <Invitations invitations={invitations} />
        {!invitations.length && <p data-testid="no-organisation">{t('join.noOrgs')}</p>}
        <button class="link" data-testid="sign-out" onClick={() => signOut().then(() => navigate('/login'))}>{t('nav.signout')}</button>
      </main>
    );
  }
  const org = orgs.find((o) => o.id === route.org)!;
  const pagesOf = [
    { page: 'dashboard', label: t('nav.dashboard'), show: can(org, 'read_results') },
    { page: 'surveys', label: t('nav.surveys'), show: can(org, 'read_results') },
    { page: 'responses', label: t('nav.responses'), show: can(org, 'read_responses') },
    { page: 'comments', label: t('nav.comments'), show: can(org, 'read_results') },
    { page: 'journeys', label: t('nav.journeys'), show: can(org, 'read_results') },
    { page: 'triggers', label: t('nav.triggers'), show: can(org, 'read_results') },
    { page: 'cases', label: t('nav.cases'), show: can(org, 'work_cases') },
    { page: 'alerts', label: t('nav.alerts'), show: can(org, 'manage_alerts') },
    { page: 'plans', label: t('nav.plans'), show: can(org, 'read_cases') },
    { page: 'program', label: t('nav.program'), show: can(org, 'read_cases') },
    { page: 'value', label: t('nav.value'), show: can(org, 'read_value') },
    { page: 'webhooks', label: t('nav.webhooks'), show: can(org, 'manage_webhooks') },
    { page: 'settings', label: t('nav.settings'), show: true },
  ];
  const nav = pagesOf.filter((n) => n.show);
  // A page the user may not see (an old bookmark, a link from another role) opens their
  // first one, and the address follows.
  const blocked = pagesOf.some((n) => n.page === route.page && !n.show);
  const page = blocked ? nav[0].page : route.page;
  if (blocked) navigate(href(org.id, page), true);
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href={href(org.id, 'dashboard')}>نظر <span>Nazar</span></a>
        <button type="button" class="menu-toggle" data-testid="menu-toggle" aria-controls="mainnav" aria-expanded={menuOpen}
                onClick={() => setMenuOpen((o) => !o)}>
          <span aria-hidden="true">☰</span> {nav.find((n) => n.page === page)?.label ?? t('nav.menu')}
        </button>
        <nav id="mainnav" class={'mainnav' + (menuOpen ? ' open' : '')} aria-label={t('nav.menu')}>
          {nav.map((n) => (
            <a href={href(org.id, n.page)} class={page === n.page ? 'active' : ''} data-testid={'nav-' + n.page} onClick={() => setMenuOpen(false)}
               aria-current={page === n.page ? 'page' : undefined}>{n.label}</a>
          ))}
        </nav>
        <div class="tools">
          {orgs.length > 1 ? (
            <select aria-label={t('nav.org')} data-testid="org-switcher" value={String(org.id)}
                    onChange={(e) => navigate(href(Number((e.target as HTMLSelectElement).value), page))}>
              {orgs.map((o) => <option value={String(o.id)}>{o.name}</option>)}
            </select>
          ) : <span class="orgname" dir="auto">{org.name}</span>}
          <Bell key={org.id} org={org} />
          <button class="link" data-testid="lang-switch" onClick={() => switchLanguage(lang() === 'fa' ? 'en' : 'fa')}>{t('nav.language')}</button>
          <button class="link" data-testid="sign-out" onClick={() => signOut().then(() => navigate('/login'))}>{t('nav.signout')}</button>
        </div>
      </header>
      <main class="page"><Invitations invitations={invitations} /><LazyPage name={page} org={org} /></main>
    </div>
  );
}

const root = document.getElementById('app')!;
interceptLinks(root);
// The app's own validation messages (lib/validity.ts), loaded beside the first page.
void import('./lib/validity').then((m) => m.installValidation());
loadSession().catch(() => { /* shown as the sign-in page */ }).finally(() => {
  root.textContent = '';  // the boot spinner
  render(<Shell />, root);
});
