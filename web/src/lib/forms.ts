// Errors beside the fields they name: the server's error names one field ("smtp.port",
// "conditions[2].value", "templates.fa.body"); a form puts it next to that field when it shows
// one, and keeps anything else as a general error.
import { ApiError } from './api';

export type FieldErrors = Record<string, string>;

// The error split into the field the form shows (by `shows`) and the rest.
export function splitError(e: unknown, shows: (field: string) => boolean): { fields: FieldErrors; other: unknown } {
  if (e instanceof ApiError && e.field && shows(e.field)) return { fields: { [e.field]: e.message }, other: null };
  return { fields: {}, other: e ?? null };
}

// The message for `field`, or (with `below`) for any field inside it ("quiet_hours" also shows
// "quiet_hours.start"; "sms_gateway.headers" shows "sms_gateway.headers.X-Key").
export function errorAt(errors: FieldErrors, field: string, below = false): string | undefined {
  if (errors[field]) return errors[field];
  if (!below) return undefined;
  const key = Object.keys(errors).find((k) => k.startsWith(field + '.') || k.startsWith(field + '['));
  return key ? errors[key] : undefined;
}

// Whether `field` is `prefix` or inside it.
export function within(field: string, prefix: string): boolean {
  return field === prefix || field.startsWith(prefix + '.') || field.startsWith(prefix + '[');
}
