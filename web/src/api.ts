// The one way the app talks to the server: JSON over /api/v1, the session cookie, and the
// CSRF token on every state-changing call. Errors arrive as ApiError with the server's
// code, message and the field to fix.
// Called when the server says the session is over (401), so the app can show the sign-in.
let onSignedOut: () => void = () => {};
export function whenSignedOut(f: () => void) { onSignedOut = f; }

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public field: string | null) {
    super(message);
  }
}

let csrfToken = '';
export function setCsrf(token: string) { csrfToken = token; }

export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: any = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const e = json?.error;
    if (res.status === 401 && !path.startsWith('/api/v1/session')) onSignedOut();
    throw new ApiError(res.status, e?.code ?? 'http_' + res.status, e?.message ?? res.statusText, e?.field ?? null);
  }
  return json as T;
}

export const get = <T = any>(path: string) => api<T>('GET', path);

// Every page of a cursor-paged listing (settings lists are short; bounded by `max`).
export async function getAll<T = any>(path: string, max = 1000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { items: T[]; next_cursor: string | null } =
      await get(path + sep + 'limit=200' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && out.length < max);
  return out;
}

export function orgPath(org: number, rest = '') { return `/api/v1/orgs/${org}${rest}`; }

// A query string from the defined, non-empty entries of `params`.
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}
