// The app's addresses: /login, /o/<org>/<page>[/<id>[/<tab>]]?<filters>. Filters live in
// the query string so a view can be shared by copying the address.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  org: number | null;
  page: string;
  id: string | null;
  tab: string | null;
  params: URLSearchParams;
}

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter(Boolean);
  const params = new URLSearchParams(search);
  if (parts[0] === 'o' && parts[1] && /^\d+$/.test(parts[1])) {
    return { org: Number(parts[1]), page: parts[2] ?? 'dashboard', id: parts[3] ?? null, tab: parts[4] ?? null, params };
  }
  return { org: null, page: parts[0] === 'login' ? 'login' : 'home', id: null, tab: null, params };
}

export function href(org: number, page: string, id?: string | number | null, tab?: string | null, params?: URLSearchParams | string) {
  let p = `/o/${org}/${page}`;
  if (id !== undefined && id !== null) p += `/${id}`;
  if (tab) p += `/${tab}`;
  const q = typeof params === 'string' ? params : params?.toString();
  return q ? `${p}?${q}` : p;
}

const listeners = new Set<() => void>();
export function navigate(to: string, replace = false) {
  if (to === location.pathname + location.search) return;
  (replace ? history.replaceState : history.pushState).call(history, null, '', to);
  listeners.forEach((l) => l());
}

// Changes some query parameters of the current address (empty values are removed).
export function setParams(changes: Record<string, string | null | undefined>) {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v) q.set(k, v);
    else q.delete(k);
  }
  const s = q.toString();
  navigate(location.pathname + (s ? '?' + s : ''), true);
}

export function useRoute(): Route {
  const [, force] = useState(0);
  useEffect(() => {
    const on = () => force((n) => n + 1);
    listeners.add(on);
    addEventListener('popstate', on);
    return () => { listeners.delete(on); removeEventListener('popstate', on); };
  }, []);
  return parseRoute(location.pathname, location.search);
}

// Follows same-origin <a href="/..."> clicks without reloading the page.
export function interceptLinks(root: HTMLElement) {
  root.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest('a');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !/^\/(o\/|login)/.test(url.pathname)) return;
    e.preventDefault();
    navigate(url.pathname + url.search);
  });
}
