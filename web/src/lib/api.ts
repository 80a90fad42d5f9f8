// The one way the app talks to the server: JSON over /api/v1, the session cookie, and the
// CSRF token on every state-changing call. Errors arrive as ApiError with the server's
// code, message and the field to fix.
// Called when the server says the session is over (401), so the app can show the sign-in.
let onSignedOut: () => void = () => {};
export function whenSignedOut(f: () => void) { onSignedOut = f; }

export class ApiError extends Error {
  // `body`: the whole JSON answer (an import's 400 carries its report beside the error).
  constructor(public status: number, public code: string, message: string, public field: string | null, public body: any = null) {
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
    throw new ApiError(res.status, e?.code ?? 'http_' + res.status, e?.message ?? res.statusText, e?.field ?? null, json);
  }
  return json as T;
}

export interface UploadProgress { phase: 'upload' | 'server'; loaded: number; total: number }

// Sends a file as the request body with XMLHttpRequest (fetch cannot report upload progress):
// `onProgress` hears the bytes sent, then `server` once the body is all sent and the server is
// working on it. Answers and errors as api().
export function upload<T = any>(method: string, path: string, body: Blob, contentType: string,
                                onProgress: (p: UploadProgress) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', contentType);
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => onProgress({ phase: 'upload', loaded: e.loaded, total: e.lengthComputable ? e.total : body.size });
    xhr.upload.onload = () => onProgress({ phase: 'server', loaded: body.size, total: body.size });
    xhr.onerror = () => reject(new ApiError(0, 'network', 'the connection failed', null));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'cancelled', null));
    xhr.onload = () => {
      let json: any = null;
      try { json = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(json as T);
      const e = json?.error;
      if (xhr.status === 401) onSignedOut();
      reject(new ApiError(xhr.status, e?.code ?? 'http_' + xhr.status, e?.message ?? xhr.statusText, e?.field ?? null, json));
    };
    xhr.send(body);
  });
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
