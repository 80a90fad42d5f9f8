// The organisation's channel settings (ChannelSettings in docs/openapi.json) as forms: the
// SMTP server (its password write-only: never shown, sent only when typed or removed) and the
// SMS and webhook gateways' HTTP request templates. Pure functions, unit-tested.
import type { Schemas } from '../../lib/api';

// As the server shows them: the SMTP password only as `password_set`, secret headers (every
// Authorization, and those marked secret) by name only: their values never leave the server.
export type ChannelSettings = Schemas['ChannelSettings'];
export type SmtpSettings = Schemas['SmtpSettings'];
export type GatewayTemplate = Schemas['GatewayTemplate'];
// As a PUT sends them: the password or a secret's value when typed, "" or null to remove a
// stored one; one left out stays as it is.
export type SmtpPut = Schemas['SmtpSettingsUpdate'];
export type GatewayPut = Schemas['GatewayTemplateUpdate'];

export type Tls = SmtpSettings['tls'];
export const TLS_MODES: Tls[] = ['starttls', 'tls', 'none'];
export type Method = GatewayTemplate['method'];
export const METHODS: readonly Method[] = ['POST', 'GET', 'PUT', 'PATCH'];
export type GatewayPart = 'sms_gateway' | 'webhook_gateway';
export const GATEWAY_PARTS: GatewayPart[] = ['sms_gateway', 'webhook_gateway'];
// What a gateway template may say (escaped for where each stands: URL, JSON, form, header).
export const GATEWAY_PLACEHOLDERS = ['phone', 'email', 'message', 'token', 'link', 'contact', 'touchpoint', 'agent'] as const;
export const DEFAULT_SUCCESS_CODES = [200, 201, 202, 204];


export interface SmtpForm {
  host: string; port: string; tls: Tls; user: string;
  password: string;         // typed now; never filled from the server
  clearPassword: boolean;   // remove the stored one
  password_set: boolean;    // as the server says
  from_address: string; from_name: string;
}

export function smtpToForm(s: SmtpSettings | null): SmtpForm {
  return {
    host: s?.host ?? '', port: String(s?.port ?? 587), tls: s?.tls ?? 'starttls', user: s?.user ?? '',
    password: '', clearPassword: false, password_set: !!s?.password_set,
    from_address: s?.from_address ?? '', from_name: s?.from_name ?? '',
  };
}

// The `smtp` part of a PUT. The password goes only when typed (or as "" to remove it); left
// out, the stored one stays.
export function smtpFromForm(f: SmtpForm): SmtpPut {
  const out: SmtpPut = {
    host: f.host.trim(), port: Number(f.port), tls: f.tls, user: f.user.trim(),
    from_address: f.from_address.trim(), from_name: f.from_name.trim(),
  };
  if (f.password) out.password = f.password;
  else if (f.clearPassword) out.password = '';
  return out;
}

// A header row. `secret`: the value is write-only (sealed at rest, never shown); `stored`:
// the server holds a value for it (the field stays empty: type to replace); `remove`: a
// stored secret to delete.
export interface HeaderRow { name: string; value: string; secret?: boolean; stored?: boolean; remove?: boolean }
export interface GatewayForm { method: Method; url: string; headers: HeaderRow[]; body: string; success_codes: string }

export function gatewayToForm(g: GatewayTemplate | null): GatewayForm {
  return {
    method: g?.method ?? 'POST', url: g?.url ?? '',
    headers: [
      ...Object.entries(g?.headers ?? {}).map(([name, value]) => ({ name, value })),
      ...(g?.secret_headers ?? []).map((name) => ({ name, value: '', secret: true, stored: true })),
    ],
    body: g?.body ?? '', success_codes: (g?.success_codes ?? DEFAULT_SUCCESS_CODES).join(', '),
  };
}

// "200, 201 202" as a list; a word that is not a number stays as NaN for the server to name.
export function parseCodes(text: string): number[] {
  return text.split(/[\s,،]+/).filter(Boolean).map((w) => (/^\d+$/.test(w) ? Number(w) : NaN));
}

// Headers that always carry credentials: the server keeps them secret whatever the row says.
export const isAlwaysSecret = (name: string) => /^(proxy-)?authorization$/i.test(name.trim());

// A gateway part of a PUT; header rows without a name are left out. A secret goes only when
// typed (or as null to remove a stored one); a stored one left alone stays on the server.
export function gatewayFromForm(f: GatewayForm): GatewayPut {
  const headers: Record<string, string> = {};
  const secrets: Record<string, string | null> = {};
  for (const h of f.headers) {
    const name = h.name.trim();
    if (!name) continue;
    if (h.secret || isAlwaysSecret(name)) {
      if (h.remove) secrets[name] = null;
      else if (h.value) secrets[name] = h.value;
    } else {
      headers[name] = h.value;
    }
  }
  const codes = parseCodes(f.success_codes);
  const out: GatewayPut = { method: f.method, url: f.url.trim(), headers, body: f.body, success_codes: codes.length ? codes : DEFAULT_SUCCESS_CODES };
  if (Object.keys(secrets).length) out.secret_headers = secrets;
  return out;
}

// A JSON body for a typical SMS gateway, as a starting point.
export function sampleGateway(part: GatewayPart): GatewayForm {
  return part === 'sms_gateway'
    ? { method: 'POST', url: 'https://sms.example.com/send', headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'Idempotency-Key', value: '{{token}}' }],
        body: '{"to": "{{phone}}", "text": "{{message}}"}', success_codes: DEFAULT_SUCCESS_CODES.join(', ') }
    : { method: 'POST', url: 'https://hooks.example.com/nazar', headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'Idempotency-Key', value: '{{token}}' }],
        body: '{"contact": "{{contact}}", "link": "{{link}}", "touchpoint": "{{touchpoint}}"}', success_codes: DEFAULT_SUCCESS_CODES.join(', ') };
}
