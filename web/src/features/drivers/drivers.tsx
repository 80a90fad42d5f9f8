// A survey's key drivers: what moves its outcome (NPS or CSAT by default) and what to fix
// first. The headline, the priority matrix (importance against performance, each point
// numbered by its importance rank, a legend naming them) and the drivers listed by priority
// say the same thing (model.ts headline, byPriority); questions that measure the outcome
// itself are left out by default and said so. The outcome and driver pickers and the shared
// filters are kept in the address.
import { get, query } from '../../lib/api';
import { fmtNumber, fmtPercent, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { setParams, useRoute } from '../../lib/router';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Select, Spinner } from '../../ui/components';
import { FilterBar, filterQuery, useFilters } from '../../ui/filters';
import { QUADRANT_COLOURS as COLOURS, QuadrantMatrix } from '../../ui/quadrant-matrix';
import { t } from './messages';
import { barGeometry, barScale, byPriority, headline, labelOf, MAX_DRIVERS, shorten, toggleDriver,
         type Driver, type DriverReport } from './model';

export function Drivers({ org, survey }: { org: Org; survey: { id: number; published_version: number } }) {
  const f = useFilters(org);
  const { params } = useRoute();
  const l = localeOf(org, lang());
  // As the address has them (the server names one it does not take).
  const choice = { outcome: params.get('outcome') ?? undefined, drivers: params.get('drivers') ?? undefined,
                   missing: (params.get('missing') ?? undefined) as DriverReport['missing'] | undefined };
  const asked = { ...filterQuery(f), ...choice };
  const q = query(asked);
  const data = useLoad(() => get('/api/v1/orgs/{org}/surveys/{survey}/drivers', { ...asked, org: org.id, survey: survey.id }), [org.id, survey.id, q]);
  if (!survey.published_version) return <Card><p class="muted">{t('drivers.notPublished')}</p></Card>;
  const r = data.data;
  return (
    <div class="drivers">
      <FilterBar org={org} f={f} surveys={[]} withSurvey={false} />
      {r && <Pickers report={r} asked={choice.drivers} l={l} />}
      <ErrorBox error={data.error} />
      {!r ? (data.error ? null : <Spinner />) : r.status !== 'ok' ? (
        <Card><p class="not-enough" data-testid="drivers-not-enough">{r.n === 0 ? t('dash.noData') : t('dash.notEnough', { n: fmtNumber(r.n, l), min: fmtNumber(r.min_n, l) })}</p></Card>
      ) : (
        <>
          <Verdict report={r} l={l} />
          <div class="two-col">
            <Card title={t('drivers.matrix')} testid="drivers-matrix">
              <PriorityMatrix report={r} l={l} />
            </Card>
            <Card title={t('drivers.summary')}>
              <Summary report={r} l={l} />
            </Card>
          </div>
          <Card title={t('drivers.ranked')} testid="drivers-ranked">
            <RankedList report={r} l={l} />
          </Card>
        </>
      )}
    </div>
  );
}

// `asked`: the drivers in the address; without it the server's default (every other question,
// the first MAX_DRIVERS of them).
function Pickers({ report, asked, l }: { report: DriverReport; asked?: string; l: Locale }) {
  const lg = lang();
  const others = report.questions.filter((q) => q.id !== report.outcome.id);
  const left = new Set(report.excluded.map((e) => e.id));
  // Without drivers in the address: the server's default, every other question but those it
  // left out as outcome-like (the first MAX_DRIVERS).
  const chosen = asked ? asked.split(',') : others.filter((q) => !left.has(q.id)).slice(0, MAX_DRIVERS).map((q) => q.id);
  const order = others.map((q) => q.id);
  return (
    <Card testid="drivers-pickers">
      <div class="row">
        <Select label={t('drivers.outcome')} name="outcome" value={report.outcome.id}
                options={report.questions.map((q) => ({ value: q.id, label: shorten(labelOf(q, lg), 60) }))}
                onChange={(v) => setParams({ outcome: v, drivers: null })} />
        <Select label={t('drivers.missing')} name="missing" value={report.missing}
                options={[{ value: 'listwise', label: t('drivers.listwise') }, { value: 'pairwise', label: t('drivers.pairwise') }]}
                onChange={(v) => setParams({ missing: v === 'listwise' ? null : v })} />
      </div>
      <fieldset class="driver-picks">
        <legend>{t('drivers.drivers')} <span class="muted">{t('drivers.atMost', { max: fmtNumber(MAX_DRIVERS, l) })}</span></legend>
        {others.map((q) => (
          <label class="inline">
            <input type="checkbox" name="driver" value={q.id} checked={chosen.includes(q.id)}
                   disabled={!chosen.includes(q.id) && chosen.length >= MAX_DRIVERS}
                   onChange={() => setParams({ drivers: toggleDriver(chosen, q.id, order).join(',') })} />
            <span dir="auto">{shorten(labelOf(q, lg), 40)}</span>
            {left.has(q.id) && <span class="muted small"> {t('drivers.leftOut')}</span>}
          </label>
        ))}
      </fieldset>
      {report.excluded.map((e) => (
        <p class="small muted" data-testid="driver-excluded" data-driver={e.id}>
          {t('drivers.excluded', { name: t('drivers.quoted', { text: labelOf(e, lg) }),
                                   why: t(`drivers.why.${e.reason}`, { r: e.r === null ? '—' : fmtNumber(e.r, l, 2) }) })}
        </p>
      ))}
    </Card>
  );
}

// The answer in one sentence: what to fix first, or that nothing important lags.
function Verdict({ report, l }: { report: DriverReport; l: Locale }) {
  const lg = lang();
  const outcome = labelOf(report.outcome, lg);
  const names = (ds: Driver[]) => ds.map((d) => t('drivers.quoted', { text: labelOf(d, lg) })).join(t('drivers.and'));
  const h = headline(report.drivers);
  return (
    <div class={'verdict' + (h.kind === 'fix' ? '' : ' calm')} data-testid="drivers-verdict" role="status"
         data-driver={h.named[0]?.id} data-quadrant={h.kind === 'fix' ? 'fix_first' : h.named[0]?.quadrant}>
      {h.kind === 'fix' ? (
        <>
          <strong>{t('drivers.fixFirst', { list: names(h.named) })}</strong>{' '}
          <span>{t('drivers.fixFirstWhy', { outcome })}</span>
        </>
      ) : (
        <>
          <strong>{t('drivers.nothingToFix', { list: names(h.named) })}</strong>{' '}
          {h.next && <span>{t('drivers.next', { name: names([h.next]), share: fmtPercent(h.next.lmg_share, l, 0) })}</span>}
        </>
      )}
      <div class="muted">{t('drivers.explains', { r2: fmtPercent(report.r2 ?? 0, l, 0), outcome })}</div>
    </div>
  );
}

function PriorityMatrix({ report, l }: { report: DriverReport; l: Locale }) {
  const lg = lang();
  const th = report.thresholds!;
  return <QuadrantMatrix testid="drivers-chart" label={t('drivers.matrix')} l={l}
    xLabel={t('drivers.importance')} yLabel={t('drivers.performance')}
    thresholds={{ importance: th.importance * 100, performance: th.performance }}
    points={report.drivers.map((d) => ({ id: d.id, name: shorten(labelOf(d, lg), 22), full: labelOf(d, lg), mark: d.rank,
                                         importance: d.lmg_share * 100, performance: d.performance, quadrant: d.quadrant }))} />;
}

function Summary({ report, l }: { report: DriverReport; l: Locale }) {
  return (
    <dl class="facts">
      <dt>{t('drivers.outcome')}</dt><dd dir="auto">{labelOf(report.outcome, lang())}</dd>
      <dt>{t('drivers.n')}</dt><dd data-testid="drivers-n">{fmtNumber(report.n, l)}</dd>
      <dt>R²</dt><dd data-testid="drivers-r2">{fmtNumber(report.r2 ?? 0, l, 2)}</dd>
      <dt>{t('drivers.missing')}</dt><dd>{t(report.missing === 'pairwise' ? 'drivers.pairwise' : 'drivers.listwise')}</dd>
      <dt>{t('drivers.bootstrap')}</dt><dd>{fmtNumber(report.bootstrap.used, l)}</dd>
      <dd class="muted help">{t('drivers.help')}</dd>
    </dl>
  );
}

function RankedList({ report, l }: { report: DriverReport; l: Locale }) {
  const lg = lang();
  const max = barScale(report.drivers);
  const th = report.thresholds!;
  return (
    <>
    <table class="table ranked">
      <thead><tr><th title={t('drivers.col.rank')}>#</th><th>{t('drivers.col.driver')}</th><th>{t('drivers.col.importance')}</th><th class="num">{t('drivers.col.share')}</th>
        <th class="num">{t('drivers.col.interval')}</th><th class="num">{t('drivers.col.performance')}</th><th>{t('drivers.col.quadrant')}</th></tr></thead>
      <tbody>
        {byPriority(report.drivers).map((d) => {
          const g = barGeometry(d, max);
          return (
            <tr data-testid="driver-row" data-driver={d.id} data-quadrant={d.quadrant}>
              <td class="num">{fmtNumber(d.rank, l)}</td>
              <td dir="auto">{labelOf(d, lg)}</td>
              <td class="barcell" aria-hidden="true"><div class="track">
                <div class="bar" style={{ inlineSize: g.bar + '%', background: COLOURS[d.quadrant] }} />
                {g.ci && <div class="whisker" style={{ insetInlineStart: g.ci.from + '%', inlineSize: Math.max(0.5, g.ci.to - g.ci.from) + '%' }} />}
              </div></td>
              <td class="num">{fmtPercent(d.lmg_share, l, 1)}</td>
              <td class="num muted">{d.ci_low !== null && d.ci_high !== null ? `${fmtPercent(d.ci_low, l, 0)}–${fmtPercent(d.ci_high, l, 0)}` : '—'}</td>
              <td class="num">{fmtPercent(d.performance / 100, l, 1)}</td>
              <td><span class={'badge q-' + d.quadrant}>{t(`quadrant.${d.quadrant}`)}</span></td>
            </tr>
          );
        })}
      </tbody>
    </table>
    <p class="small muted" data-testid="drivers-lines">{t('drivers.lines', { importance: fmtPercent(th.importance, l, 1), performance: fmtPercent(th.performance / 100, l, 1) })}</p>
    </>
  );
}
