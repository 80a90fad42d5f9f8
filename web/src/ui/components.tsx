// Small building blocks shared by the pages. Text is always rendered as text (JSX escapes
// it); nothing here ever sets innerHTML.
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../lib/api';
import { t } from '../lib/i18n';

export function Card(props: { title?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren; class?: string; testid?: string }) {
  return (
    <section class={'card ' + (props.class ?? '')} data-testid={props.testid}>
      {(props.title || props.actions) && (
        <header class="card-head"><h2>{props.title}</h2><div class="actions">{props.actions}</div></header>
      )}
      {props.children}
    </section>
  );
}

export function Spinner() {
  return <div class="spinner" role="progressbar" aria-label={t('common.loading')} />;
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : String(error);
  return <p class="error" role="alert">{t('common.error', { message })}</p>;
}

// The server's (or the form's) complaint about one field, shown under it.
export function FieldError({ message, field }: { message?: string; field?: string }) {
  if (!message) return null;
  return <small class="field-error" role="alert" data-testid={field ? 'field-error-' + field : undefined} dir="auto">{message}</small>;
}

export function Select<T extends string>(props: { label: string; value: T; options: { value: T; label: string }[]; onChange: (v: T) => void; name?: string; error?: string; disabled?: boolean }) {
  return (
    <label class={'field' + (props.error ? ' invalid' : '')}>
      <span>{props.label}</span>
      <select name={props.name} value={props.value} disabled={props.disabled} aria-invalid={props.error ? true : undefined}
              onChange={(e) => props.onChange((e.target as HTMLSelectElement).value as T)}>
        {props.options.map((o) => <option value={o.value}>{o.label}</option>)}
      </select>
      <FieldError message={props.error} field={props.name} />
    </label>
  );
}

export function TextField(props: { label: string; value: string; onInput: (v: string) => void; name?: string; type?: string; dir?: string; placeholder?: string; required?: boolean; multiline?: boolean; rows?: number; autocomplete?: string; error?: string; help?: string; list?: string; inputMode?: JSX.HTMLAttributes<HTMLInputElement>['inputMode'] }) {
  const common = {
    name: props.name, value: props.value, dir: (props.dir ?? 'auto') as 'auto' | 'rtl' | 'ltr', placeholder: props.placeholder, required: props.required,
    'aria-invalid': props.error ? true : undefined,
    onInput: (e: Event) => props.onInput((e.target as HTMLInputElement).value),
  };
  return (
    <label class={'field' + (props.error ? ' invalid' : '')}>
      <span>{props.label}</span>
      {props.multiline ? <textarea rows={props.rows ?? 2} {...common} />
        : <input type={props.type ?? 'text'} autocomplete={props.autocomplete} list={props.list} inputMode={props.inputMode} {...common} />}
      {props.help && !props.error && <small class="help">{props.help}</small>}
      <FieldError message={props.error} field={props.name} />
    </label>
  );
}

export function CopyButton({ text, testid }: { text: string; testid?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button type="button" class="secondary small" data-testid={testid} onClick={async () => {
      try { await navigator.clipboard.writeText(text); } catch { /* clipboard refused: the text is selectable */ }
      setDone(true);
      setTimeout(() => setDone(false), 1500);
    }}>{done ? t('common.copied') : t('common.copy')}</button>
  );
}
