// A group's or a persona's figures as table cells: customers, revenue, mean CLV and churn with
// their 95% ranges, or "not enough customers" below the server's minimum.
import { fmtNumber, fmtPercent, type Locale } from '../../lib/format';
import { money, type GroupValue } from './model';
import { t } from './messages';

const range = (i: number[] | undefined, f: (v: number) => string) => (i ? ` (${f(i[0])} – ${f(i[1])})` : '');

export function ValueCells({ v, minN, digits, l }: { v: GroupValue; minN: number; digits: number; l: Locale }) {
  return (
    <>
      <td dir="ltr">{fmtNumber(v.customers ?? 0, l)}</td>
      <td dir="ltr">{money(v.revenue, digits, l)}</td>
      {v.status !== 'not_enough_customers' ? (
        <>
          <td dir="ltr" data-testid="value-mean-clv">{money(v.mean_clv, digits, l)}{range(v.clv_interval, (x) => money(x, digits, l))}</td>
          <td dir="ltr">{fmtPercent(v.churn ?? 0, l)}{range(v.churn_interval, (x) => fmtPercent(x, l))}</td>
        </>
      ) : <td colSpan={2} class="muted">{t('va.notEnough', { n: fmtNumber(v.customers ?? 0, l), min: fmtNumber(minN, l) })}</td>}
    </>
  );
}
