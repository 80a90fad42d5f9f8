// My dates and numbers: the signed-in member's own calendar and digits in this organisation
// (an English-speaking analyst in a Jalali organisation may read Gregorian dates), each
// "as the organisation" until chosen. Every date and number of the app follows (localeOf).
import { useState } from 'preact/hooks';
import { fmtDate, fmtNumber } from '../../lib/format';
import { splitError, type FieldErrors } from '../../lib/forms';
import { lang } from '../../lib/i18n';
import { localeOf, setPreferences, type Org, type Preferences } from '../../lib/session';
import { Card, ErrorBox, Select } from '../../ui/components';
import { t } from './messages';

export function DisplaySettings({ org }: { org: Org }) {
  const stored: Preferences = org.preferences ?? { calendar: 'organisation', digits: 'organisation' };
  const [form, setForm] = useState<Preferences>(stored);
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const l = localeOf(org, lang());
  const orgCalendar = t(`cal.${org.calendar}`), orgDigits = t(`digits.${org.digits}`);
  return (
    <Card title={t('display.title')} testid="display-form">
      <p class="small">{t('display.help')}</p>
      <form class="row" noValidate onSubmit={async (e) => {
        e.preventDefault();
        setError(null); setFields({}); setSaved(false);
        try { await setPreferences(org, form); setSaved(true); } catch (err) {
          const split = splitError(err, (f) => f === 'calendar' || f === 'digits');
          setFields(split.fields); setError(split.other);
        }
      }}>
        <Select<Preferences['calendar']> label={t('settings.calendar')} name="calendar" value={form.calendar} error={fields.calendar}
                onChange={(v) => { setForm({ ...form, calendar: v }); setSaved(false); }}
                options={[{ value: 'organisation', label: t('display.asOrg', { value: orgCalendar }) },
                          { value: 'jalali', label: t('cal.jalali') }, { value: 'gregorian', label: t('cal.gregorian') }]} />
        <Select<Preferences['digits']> label={t('settings.digits')} name="digits" value={form.digits} error={fields.digits}
                onChange={(v) => { setForm({ ...form, digits: v }); setSaved(false); }}
                options={[{ value: 'organisation', label: t('display.asOrg', { value: orgDigits }) },
                          { value: 'persian', label: t('digits.persian') }, { value: 'latin', label: t('digits.latin') }]} />
        <button type="submit">{t('common.save')}</button>
        {saved && <span class="ok" data-testid="display-saved"> {t('common.saved')}</span>}
      </form>
      <p data-testid="display-sample">{t('display.sample', { date: fmtDate(Date.now(), l), number: fmtNumber(1234567, l) })}</p>
      <ErrorBox error={error} />
    </Card>
  );
}
