// The organisation's root causes: each with its name in Persian and English, what it points
// at (a driver, topic or touchpoint) and whether it is offered on cases (a cause in use is
// retired, never deleted). One form adds a cause or edits the one chosen.
import { useState } from 'preact/hooks';
import { get, send } from '../../lib/api';
import { errorAt, splitError, type FieldErrors } from '../../lib/forms';
import { localized } from '../../lib/i18n';
import type { Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, FieldError, Spinner, TextField } from '../../ui/components';
import { t } from './messages';
import { blankCauseForm, causeToForm, formToCause, POINTS, type CauseForm, type RootCause } from './model';

export function RootCauses({ org }: { org: Org }) {
  const causes = useLoad(() => get('/api/v1/orgs/{org}/root-causes', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const [editing, setEditing] = useState<RootCause | null>(null);
  const [form, setForm] = useState<CauseForm>(blankCauseForm());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<CauseForm>) => setForm({ ...form, ...patch });
  const edit = (c: RootCause | null) => { setEditing(c); setForm(c ? causeToForm(c) : blankCauseForm()); setErrors({}); setOther(null); };
  const save = async (e: Event) => {
    e.preventDefault();
    setErrors({}); setOther(null); setSaving(true);
    try {
      const body = formToCause(form, !editing);
      if (editing) await send('put', '/api/v1/orgs/{org}/root-causes/{cause}', { org: org.id, cause: editing.id ?? 0 }, body);
      else await send('post', '/api/v1/orgs/{org}/root-causes', { org: org.id }, body);
      edit(null);
      causes.reload();
    } catch (ex) {
      const { fields, other } = splitError(ex, (f) => /^(key|name|points_at|active)/.test(f));
      setErrors(fields); setOther(other);
    } finally { setSaving(false); }
  };
  const pointsText = (c: RootCause) => {
    const p = c.points_at ?? {};
    return POINTS.filter((k) => p[k]).map((k) => `${t(`al.points.${k}`)}: ${p[k]}`).join(' · ');
  };
  return (
    <>
      <Card title={t('al.causes')} testid="root-causes">
        <p class="muted">{t('al.causesHelp')}</p>
        <ErrorBox error={causes.error} />
        {!causes.data ? <Spinner /> : causes.data.length === 0 ? <p class="empty">{t('al.noCauses')}</p> : (
          <div class="scroll-x"><table class="table" data-testid="cause-list">
            <thead><tr><th>{t('al.causeName')}</th><th>{t('al.causeKey')}</th><th>{t('al.pointsAt')}</th><th>{t('al.active')}</th><th /></tr></thead>
            <tbody>{causes.data.map((c) => (
              <tr data-testid="cause-row" class={c.active ? '' : 'off'}>
                <td dir="auto"><strong>{localized(c.name, c.key ?? '')}</strong>
                  <div class="muted small"><span dir="rtl">{c.name?.fa}</span> · <span dir="ltr">{c.name?.en}</span></div></td>
                <td><code dir="ltr">{c.key}</code></td>
                <td class="small" dir="auto">{pointsText(c) || '—'}</td>
                <td>{c.active ? <span class="badge published">{t('al.active')}</span> : <span class="badge">{t('al.retired')}</span>}</td>
                <td><button class="link small" onClick={() => edit(c)}>{t('al.edit')}</button></td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
      </Card>
      <Card title={editing ? t('al.editCause') : t('al.newCause')} testid="cause-form">
        <form onSubmit={save} noValidate>
          <div class="grid3">
            {!editing && <TextField label={t('al.causeKey')} name="key" dir="ltr" value={form.key} onInput={(v) => set({ key: v })} error={errorAt(errors, 'key')} help={t('al.keyHelp')} />}
            <TextField label={t('al.nameFa')} name="name.fa" dir="rtl" value={form.fa} onInput={(v) => set({ fa: v })} error={errorAt(errors, 'name.fa') ?? errorAt(errors, 'name')} />
            <TextField label={t('al.nameEn')} name="name.en" dir="ltr" value={form.en} onInput={(v) => set({ en: v })} error={errorAt(errors, 'name.en')} />
          </div>
          <FieldError message={errorAt(errors, 'points_at')} field="points_at" />
          <div class="grid3">
            {POINTS.map((k) => <TextField label={t('al.pointsAt') + ': ' + t(`al.points.${k}`)} name={'points_at.' + k} dir="ltr" value={form[k]}
                                          onInput={(v) => set({ [k]: v })} error={errorAt(errors, 'points_at.' + k)} />)}
            <label class="inline"><input type="checkbox" name="active" checked={form.active} onChange={() => set({ active: !form.active })} />{t('al.activeHelp')}</label>
          </div>
          <div class="form-actions">
            <button type="submit" disabled={saving} data-testid="save-cause">{t('common.save')}</button>
            {editing && <button type="button" class="link" onClick={() => edit(null)}>{t('common.cancel')}</button>}
          </div>
          <ErrorBox error={other} />
        </form>
      </Card>
    </>
  );
}
