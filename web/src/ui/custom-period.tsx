// The custom period's two days, loaded only when a reader chooses a custom period (the
// dashboard's first route stays small): the address and the API hold the days in the
// organisation's calendar; the fields show and take them in the reader's (a date picker in
// it), converted both ways (lib/calendar.ts).
import { convertDay } from '../lib/calendar';
import { lang, t } from '../lib/i18n';
import { setParams } from '../lib/router';
import { localeOf, type Org } from '../lib/session';
import { DateField } from './date-field';

export default function CustomPeriod({ org, from, to }: { org: Org; from?: string; to?: string }) {
  const l = localeOf(org, lang());
  const shown = (v: string | undefined) => convertDay(v ?? '', org.calendar, l.calendar);
  const write = (field: 'from' | 'to') => (v: string) => setParams({ [field]: convertDay(v, l.calendar, org.calendar) });
  return (
    <>
      <DateField label={t('filter.from')} name="from" value={shown(from)} calendar={l.calendar} l={l} onChange={write('from')} />
      <DateField label={t('filter.to')} name="to" value={shown(to)} calendar={l.calendar} l={l} onChange={write('to')} />
    </>
  );
}
