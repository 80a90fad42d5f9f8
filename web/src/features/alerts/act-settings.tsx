// The act settings: SLA targets per priority in working hours and minutes, when to warn, the
// working week (intervals per weekday in the organisation's time zone), holidays (Jalali or
// Gregorian, once or every year) and case assignment (touchpoint / agent / priority → a group
// of members, round-robin within it). The server's errors land beside the field they name
// ("calendar.week.thu[0].end", "sla.high.resolution_minutes", "assignment.rules[1].users").
import { useState } from 'preact/hooks';
import { get, send } from '../../lib/api';
import { errorAt, splitError, type FieldErrors } from '../../lib/forms';
import type { Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, FieldError, Select, Spinner, TextField } from '../../ui/components';
import { MemberPicker, useMembers } from '../../ui/members';
import { t } from './messages';
import {
  formToSettings, PRIORITIES, settingsToForm, WEEKDAYS,
  type AssignmentRow, type HolidayRow, type Priority, type SettingsForm, type TargetRow, type Weekday,
} from './model';

export function ActSettingsPage({ org }: { org: Org }) {
  const members = useMembers(org);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [saved, setSaved] = useState<boolean | null>(null);
  const loaded = useLoad(async () => {
    const s = await get('/api/v1/orgs/{org}/act/settings', { org: org.id });
    setForm(settingsToForm(s)); setSaved(s.saved ?? false);
    return s;
  }, [org.id]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  if (!form) return loaded.error ? <ErrorBox error={loaded.error} /> : <Spinner />;
  const set = (patch: Partial<SettingsForm>) => { setForm({ ...form, ...patch }); setDone(false); };
  const err = (f: string, below = false) => errorAt(errors, f, below);
  const setTarget = (p: Priority, patch: Partial<TargetRow>) => set({ sla: { ...form.sla, [p]: { ...form.sla[p], ...patch } } });
  const setDay = (d: Weekday, list: SettingsForm['week'][Weekday]) => set({ week: { ...form.week, [d]: list } });
  const setHoliday = (i: number, patch: Partial<HolidayRow>) => set({ holidays: form.holidays.map((h, k) => (k === i ? { ...h, ...patch } : h)) });
  const setRule = (i: number, patch: Partial<AssignmentRow>) => set({ rules: form.rules.map((r, k) => (k === i ? { ...r, ...patch } : r)) });

  const save = async (e: Event) => {
    e.preventDefault();
    setErrors({}); setOther(null); setBusy(true); setDone(false);
    try {
      const s = await send('put', '/api/v1/orgs/{org}/act/settings', { org: org.id }, formToSettings(form));
      setForm(settingsToForm(s)); setSaved(true); setDone(true);
    } catch (ex) {
      const { fields, other } = splitError(ex, (f) => /^(calendar|sla|warn_at|assignment)/.test(f));
      setErrors(fields); setOther(other);
      requestAnimationFrame(() => document.querySelector('.act-settings .field-error')?.scrollIntoView({ block: 'center' }));
    } finally { setBusy(false); }
  };

  return (
    <form class="act-settings rule-form" data-testid="act-settings" onSubmit={save} noValidate>
      {saved === false && <p class="notice small">{t('al.defaults')}</p>}
      <Card title={t('al.slaTargets')} testid="sla-targets">
        <p class="muted small">{t('al.slaHelp')}</p>
        <div class="scroll-x"><table class="table sla-table">
          <thead><tr><th>{t('al.priority')}</th><th>{t('al.firstResponse')}</th><th>{t('al.resolution')}</th></tr></thead>
          <tbody>{PRIORITIES.map((p) => (
            <tr>
              <td>{t(`priority.${p}`)}</td>
              {([['first', 'first_response_minutes'], ['res', 'resolution_minutes']] as const).map(([k, api]) => (
                <td>
                  <div class="hm">
                    <input name={`sla.${p}.${k}_h`} dir="ltr" inputMode="numeric" size={4} aria-label={`${t(`priority.${p}`)} ${t('al.hours')}`} value={form.sla[p][`${k}_h`]}
                           aria-invalid={err(`sla.${p}.${api}`) ? true : undefined} onInput={(e) => setTarget(p, { [`${k}_h`]: (e.target as HTMLInputElement).value })} />
                    <span>{t('al.hours')}</span>
                    <input name={`sla.${p}.${k}_m`} dir="ltr" inputMode="numeric" size={3} aria-label={`${t(`priority.${p}`)} ${t('al.minutes')}`} value={form.sla[p][`${k}_m`]}
                           aria-invalid={err(`sla.${p}.${api}`) ? true : undefined} onInput={(e) => setTarget(p, { [`${k}_m`]: (e.target as HTMLInputElement).value })} />
                    <span>{t('al.minutes')}</span>
                  </div>
                  <FieldError message={err(`sla.${p}.${api}`)} field={`sla.${p}.${api}`} />
                </td>
              ))}
            </tr>
          ))}</tbody>
        </table></div>
        <FieldError message={err('sla')} field="sla" />
        <div class="grid3 narrow">
          <TextField label={t('al.warnAt')} name="warn_at" dir="ltr" inputMode="numeric" value={form.warn_percent} onInput={(v) => set({ warn_percent: v })}
                     help={t('al.warnHelp')} error={err('warn_at')} />
        </div>
      </Card>

      <Card title={t('al.week')} testid="working-week">
        <div class="grid3">
          <TextField label={t('al.timeZone')} name="calendar.time_zone" dir="ltr" value={form.time_zone} onInput={(v) => set({ time_zone: v })} error={err('calendar.time_zone')} help={t('al.timeZoneHelp')} />
        </div>
        <table class="table week-table">
          <tbody>{WEEKDAYS.map((d) => (
            <tr data-testid={'day-' + d}>
              <th scope="row">{t(`al.day.${d}`)}</th>
              <td>
                {form.week[d].length === 0 && <span class="muted small">{t('al.dayOff')}</span>}
                {form.week[d].map((iv, i) => (
                  <span class="interval">
                    <input name={`calendar.week.${d}[${i}].start`} inputMode="numeric" size={5} placeholder="08:00" dir="ltr" value={iv.start} aria-label={`${t(`al.day.${d}`)} ${t('filter.from')}`}
                           aria-invalid={err(`calendar.week.${d}[${i}].start`) ? true : undefined}
                           onInput={(e) => setDay(d, form.week[d].map((x, k) => (k === i ? { ...x, start: (e.target as HTMLInputElement).value } : x)))} />
                    <span aria-hidden="true">–</span>
                    <input name={`calendar.week.${d}[${i}].end`} inputMode="numeric" size={5} placeholder="16:00" dir="ltr" value={iv.end} aria-label={`${t(`al.day.${d}`)} ${t('filter.to')}`}
                           aria-invalid={err(`calendar.week.${d}[${i}].end`) ? true : undefined}
                           onInput={(e) => setDay(d, form.week[d].map((x, k) => (k === i ? { ...x, end: (e.target as HTMLInputElement).value } : x)))} />
                    <button type="button" class="icon" aria-label={t('al.remove')} onClick={() => setDay(d, form.week[d].filter((_, k) => k !== i))}>×</button>
                    <FieldError message={err(`calendar.week.${d}[${i}]`, true)} field={`calendar.week.${d}[${i}]`} />
                  </span>
                ))}
                <button type="button" class="link small" onClick={() => setDay(d, [...form.week[d], { start: '08:00', end: '16:00' }])}>{t('al.addInterval')}</button>
                <FieldError message={err(`calendar.week.${d}`)} field={`calendar.week.${d}`} />
              </td>
            </tr>
          ))}</tbody>
        </table>
        <FieldError message={err('calendar.week')} field="calendar.week" />
      </Card>

      <Card title={t('al.holidays')} testid="holidays">
        <p class="muted small">{t('al.holidaysHelp')}</p>
        {form.holidays.map((h, i) => (
          <div class="cond-row holiday-row" data-testid={'holiday-' + i}>
            <Select<HolidayRow['calendar']> label={t('al.calendar')} name={`calendar.holidays[${i}].calendar`} value={h.calendar} onChange={(v) => setHoliday(i, { calendar: v })}
                    options={[{ value: 'jalali', label: t('al.jalali') }, { value: 'gregorian', label: t('al.gregorian') }]} />
            <label class="inline"><input type="checkbox" checked={h.every_year} onChange={() => setHoliday(i, { every_year: !h.every_year })} />{t('al.everyYear')}</label>
            {h.every_year ? <>
              <TextField label={t('al.month')} name={`calendar.holidays[${i}].month`} dir="ltr" inputMode="numeric" value={h.month} onInput={(v) => setHoliday(i, { month: v })} error={err(`calendar.holidays[${i}].month`)} />
              <TextField label={t('al.dayOfMonth')} name={`calendar.holidays[${i}].day`} dir="ltr" inputMode="numeric" value={h.day} onInput={(v) => setHoliday(i, { day: v })} error={err(`calendar.holidays[${i}].day`)} />
            </> : <TextField label={t('al.date')} name={`calendar.holidays[${i}].date`} dir="ltr" value={h.date} placeholder={h.calendar === 'jalali' ? '1405-01-01' : '2026-12-25'}
                             onInput={(v) => setHoliday(i, { date: v })} error={err(`calendar.holidays[${i}].date`)} />}
            <TextField label={t('al.holidayName')} name={`calendar.holidays[${i}].name`} value={h.name} onInput={(v) => setHoliday(i, { name: v })} error={err(`calendar.holidays[${i}].name`)} />
            <button type="button" class="icon" aria-label={t('al.remove')} onClick={() => set({ holidays: form.holidays.filter((_, k) => k !== i) })}>×</button>
            <FieldError message={err(`calendar.holidays[${i}]`)} field={`calendar.holidays[${i}]`} />
          </div>
        ))}
        <button type="button" class="secondary small" onClick={() => set({ holidays: [...form.holidays, { calendar: 'jalali', every_year: false, date: '', month: '', day: '', name: '' }] })}>{t('al.addHoliday')}</button>
        <FieldError message={err('calendar.holidays')} field="calendar.holidays" />
      </Card>

      <Card title={t('al.assignment')} testid="assignment">
        <p class="muted small">{t('al.assignmentHelp')}</p>
        {form.rules.map((r, i) => (
          <fieldset class="assignment-rule" data-testid={'assignment-' + i}>
            <legend>{t('al.assignmentRule', { n: String(i + 1) })}</legend>
            <div class="cond-row">
              <TextField label={t('filter.touchpoint')} name={`assignment.rules[${i}].touchpoint`} dir="ltr" value={r.touchpoint} onInput={(v) => setRule(i, { touchpoint: v })} error={err(`assignment.rules[${i}].touchpoint`)} placeholder={t('al.any')} />
              <TextField label={t('filter.agent')} name={`assignment.rules[${i}].agent`} dir="ltr" value={r.agent} onInput={(v) => setRule(i, { agent: v })} error={err(`assignment.rules[${i}].agent`)} placeholder={t('al.any')} />
              <Select<AssignmentRow['priority']> label={t('al.priority')} name={`assignment.rules[${i}].priority`} value={r.priority} onChange={(v) => setRule(i, { priority: v })}
                      error={err(`assignment.rules[${i}].priority`)} options={[{ value: '', label: t('al.any') }, ...PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))]} />
              <MemberPicker label={t('al.goesTo')} addLabel={t('al.addMember')} removeLabel={t('al.remove')} name={`assignment.rules[${i}].users`} members={members.data ?? []}
                            value={r.users} onChange={(users) => setRule(i, { users })} error={err(`assignment.rules[${i}].users`)} />
              <button type="button" class="icon" aria-label={t('al.remove')} onClick={() => set({ rules: form.rules.filter((_, k) => k !== i) })}>×</button>
            </div>
            <FieldError message={err(`assignment.rules[${i}]`)} field={`assignment.rules[${i}]`} />
          </fieldset>
        ))}
        <button type="button" class="secondary small" onClick={() => set({ rules: [...form.rules, { touchpoint: '', agent: '', priority: '', users: [] }] })}>{t('al.addAssignment')}</button>
        <div class="grid3">
          <MemberPicker label={t('al.otherwise')} addLabel={t('al.addMember')} removeLabel={t('al.remove')} name="assignment.default" members={members.data ?? []}
                        value={form.default_users} onChange={(default_users) => set({ default_users })} error={err('assignment.default')} />
        </div>
        <FieldError message={err('assignment') ?? err('assignment.rules')} field="assignment" />
      </Card>

      <div class="form-actions">
        <button type="submit" disabled={busy} data-testid="save-act-settings">{t('common.save')}</button>
        {done && <span class="ok" role="status">{t('common.saved')}</span>}
        {Object.keys(errors).length > 0 && <span class="error" role="alert">{t('al.fixFields')}</span>}
      </div>
      <ErrorBox error={other} />
    </form>
  );
}
