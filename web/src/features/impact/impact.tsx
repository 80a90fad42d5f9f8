// Which touchpoints move relationship NPS, on the Journeys page: the relationship survey (one
// made from the relationship NPS template when there is one), the shared period and the fewest
// customers per touchpoint, all in the address; the takeaway in one sentence, how much the
// touchpoints explain (R², said in words), the touchpoints ranked by importance with their
// intervals, the priority matrix shared with a survey's key drivers, the table, and the
// touchpoints too few customers rated.
import { ApiError, get, query } from '../../lib/api';
import { axisRange, Chart, escapeHtml, type ChartOption } from '../../lib/chart';
import { fmtNumber, fmtPercent, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { setParams, useRoute } from '../../lib/router';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Select, Spinner } from '../../ui/components';
import { PeriodFields, useFilters } from '../../ui/filters';
import { isolate, QUADRANT_COLOURS, QuadrantMatrix } from '../../ui/quadrant-matrix';
import { t } from './messages';
import {
  DEFAULT_MIN_N, LOW_R2, MIN_N_CHOICES, ranked, relationshipSurvey, takeaway, takeawayMessage, touchpointName, uncertainLead, whiskers,
  type ImpactReport, type ImpactTouchpoint, type SurveyTemplate, type SurveyWithDefinition,
} from './model';
import './impact.css';

const MAX_SURVEYS = 30;  // definitions read to find the relationship survey

export function TouchpointImpact({ org }: { org: Org; sub?: string | null }) {
  const f = useFilters(org);
  const { params } = useRoute();
  const l = localeOf(org, lang());
  // The surveys with an NPS question, and the one made from the relationship NPS template.
  const setup = useLoad(async () => {
    const [list, templates] = await Promise.all([
      get('/api/v1/orgs/{org}/surveys', { org: org.id, limit: 200 }).then((r) => r.items),
      get('/api/v1/survey-templates').then((r) => r.items).catch((): SurveyTemplate[] => []),
    ]);
    const surveys: SurveyWithDefinition[] = await Promise.all(list.slice(0, MAX_SURVEYS).map((s) =>
      get('/api/v1/orgs/{org}/surveys/{survey}', { org: org.id, survey: s.id }).then((d) => ({ id: s.id, name: s.name, definition: d.definition }), () => ({ id: s.id, name: s.name }))));
    const withNps = surveys.filter((s) => s.definition?.questions?.some((q) => q.type === 'nps'));
    return { surveys: withNps, detected: relationshipSurvey(surveys, templates.find((x) => x.id === 'relationship_nps')) };
  }, [org.id]);
  const asked = params.get('relationship');
  const minN = Number(params.get('min_n')) || DEFAULT_MIN_N;
  const surveys = setup.data?.surveys ?? [];
  const chosen = surveys.find((s) => String(s.id) === asked) ?? surveys.find((s) => s.id === setup.data?.detected?.id);
  const outcome = chosen?.definition?.questions?.find((q) => q.type === 'nps')?.id;
  const asking = chosen && { survey: chosen.id, outcome: outcome !== 'nps' ? outcome : undefined, from: f.range.from, to: f.range.to,
                             min_n: minN !== DEFAULT_MIN_N ? minN : undefined };
  const q = asking ? query(asking) : '';
  const report = useLoad(() => (asking ? get('/api/v1/orgs/{org}/journey/touchpoint-impact', { org: org.id, ...asking }) : Promise.resolve(null)), [org.id, q]);
  const error = report.error instanceof ApiError ? report.error : null;
  const r = report.data;

  return (
    <div class="impact" data-testid="impact">
      <div class="filterbar">
        <Select label={t('ti.survey')} name="relationship" value={chosen ? String(chosen.id) : ''}
                error={error?.field === 'survey' ? error.message : undefined}
                options={chosen ? surveys.map((s) => ({ value: String(s.id), label: s.id === setup.data?.detected?.id ? t('ti.detected', { name: s.name }) : s.name }))
                                : [{ value: '', label: '—' }]}
                onChange={(v) => setParams({ relationship: v })} />
        <PeriodFields org={org} f={f} />
        <Select label={t('ti.minN')} name="min_n" value={String(minN)}
                options={[...new Set([...MIN_N_CHOICES, minN])].sort((a, b) => a - b).map((n) => ({ value: String(n), label: fmtNumber(n, l) }))}
                onChange={(v) => setParams({ min_n: Number(v) === DEFAULT_MIN_N ? null : v })} />
      </div>
      <ErrorBox error={setup.error} />
      {setup.data && !chosen ? <Card><p class="muted" data-testid="impact-no-survey">{t('ti.noSurvey')}</p></Card>
        : error?.field === 'touchpoints' ? <Card testid="impact-none"><p class="not-enough">{t('ti.noTouchpoints')}</p><p class="muted small" dir="auto">{error.message}</p></Card>
        : error?.field === 'survey' ? <Card testid="impact-none"><p class="not-enough" dir="auto">{error.message}</p></Card>
        : report.error ? <ErrorBox error={report.error} />
        : !r ? <Spinner />
        : <Report report={r} l={l} />}
    </div>
  );
}

function Report({ report, l }: { report: ImpactReport; l: Locale }) {
  const lg = lang();
  const list = ranked(report);
  const name = (x: Pick<ImpactTouchpoint, 'touchpoint' | 'name'>) => touchpointName(x, lg);
  // Isolated inside a sentence: a Persian name in English (or the reverse) keeps its neighbours in place.
  const inSentence = (x: ImpactTouchpoint) => '\u2068' + name(x) + '\u2069';
  const pct = (share: number) => fmtPercent(share, l, 0);
  const tk = takeaway(report);
  const message = tk && takeawayMessage(tk, inSentence(tk.touchpoint), pct);
  const close = uncertainLead(report);
  const level = fmtPercent(report.confidence_level, l, 0);
  const interval = (x: { ci_low: number | null; ci_high: number | null }) =>
    x.ci_low !== null && x.ci_high !== null ? `${fmtPercent(x.ci_low, l, 0)}–${fmtPercent(x.ci_high, l, 0)}` : '—';
  return (
    <>
      <div class={'verdict' + (tk?.kind === 'fix' ? '' : ' calm')} role="status" data-testid="impact-takeaway">
        {message && <strong>{t(message.key, message.vars)}</strong>}
        <p data-testid="impact-r2">{t('ti.explains', { r2: fmtPercent(report.r2, l, report.r2 < 0.1 ? 1 : 0) })}
          {report.r2 < LOW_R2 && <> {t('ti.explainsLittle')}</>}</p>
        {close && <p class="muted">{t('ti.overlap', { a: inSentence(close[0]), b: inSentence(close[1]) })}</p>}
      </div>
      <div class="two-equal">
        <Card title={t('ti.ranked')} testid="impact-ranked">
          <RankedChart report={report} l={l} />
        </Card>
        <Card title={t('ti.matrix')} testid="impact-matrix">
          <QuadrantMatrix testid="impact-matrix-chart" label={t('ti.matrix')} l={l} xLabel={t('ti.importance')} yLabel={t('ti.satisfied')}
            thresholds={{ importance: report.thresholds.importance * 100, performance: report.thresholds.performance * 100 }}
            points={list.map((x) => ({ name: name(x), full: name(x), importance: x.lmg_share * 100, performance: x.satisfied_share * 100, quadrant: x.quadrant }))} />
          <p class="muted small">{t('ti.matrixHelp')}</p>
        </Card>
      </div>
      <Card title={t('ti.title')} testid="impact-table">
        <div class="scroll-x">
          <table class="table">
            <thead><tr><th>#</th><th>{t('ti.col.touchpoint')}</th><th class="num">{t('ti.col.share')}</th><th class="num">{t('ti.col.interval', { level })}</th>
              <th class="num">{t('ti.col.satisfied')}</th><th class="num">{t('ti.col.mean')}</th><th class="num">{t('ti.col.contacts')}</th><th>{t('ti.col.quadrant')}</th></tr></thead>
            <tbody>{list.map((x, i) => (
              <tr data-testid="impact-row" data-touchpoint={x.touchpoint}>
                <td class="num">{fmtNumber(i + 1, l)}</td><td dir="auto">{name(x)}</td>
                <td class="num">{fmtPercent(x.lmg_share, l, 1)}</td><td class="num muted">{interval(x)}</td>
                <td class="num">{pct(x.satisfied_share)}</td><td class="num">{fmtNumber(x.mean, l, 2)}</td><td class="num">{fmtNumber(x.contacts, l)}</td>
                <td><span class={'badge q-' + x.quadrant}>{t(`quadrant.${x.quadrant}`)}</span></td>
              </tr>
            ))}</tbody>
          </table>
        </div>
        <dl class="facts" data-testid="impact-facts">
          <dt>{t('ti.facts.contacts')}</dt><dd>{fmtNumber(report.contacts, l)}</dd>
          <dt title={t('ti.facts.nHelp')}>{t('ti.facts.n')}</dt><dd data-testid="impact-n" title={t('ti.facts.nHelp')}>{fmtNumber(report.n, l)}</dd>
          <dt>R²</dt><dd>{fmtNumber(report.r2, l, 3)}</dd>
          <dt>{t('ti.facts.missing')}</dt><dd>{report.missing === 'pairwise' ? t('ti.pairwise') : report.missing}</dd>
          <dt>{t('ti.facts.bootstrap')}</dt><dd>{fmtNumber(report.bootstrap.used, l)}</dd>
          <dd class="muted help">{t('ti.help', { level })}</dd>
        </dl>
      </Card>
      {report.too_few.length > 0 && (
        <Card title={t('ti.tooFew')} testid="impact-too-few">
          <p class="muted small">{t('ti.tooFewHelp', { min: fmtNumber(report.min_n, l) })}</p>
          <ul class="too-few">{report.too_few.map((x) => (
            <li data-testid="too-few-row"><span dir="auto">{name(x)}</span> <span class="muted">· {t('ti.contactsN', { n: fmtNumber(x.contacts, l) })}</span></li>
          ))}</ul>
        </Card>
      )}
    </>
  );
}

// The touchpoints' shares of R² as bars, most important on top, each with its interval as a
// whisker (a segment with end marks).
function RankedChart({ report, l }: { report: ImpactReport; l: Locale }) {
  const lg = lang();
  const list = ranked(report);
  const names = list.map((x) => touchpointName(x, lg));
  const w = whiskers(list);
  // Whole fifths of the axis past 40%, so its labels stay apart.
  const [, fitted] = axisRange([...list.map((x) => x.lmg_share * 100), ...w.map((x) => x.high * 100)], 10, 0, 100);
  const max = fitted > 40 ? Math.min(100, Math.ceil(fitted / 20) * 20) : fitted;
  const pct = (v: number) => fmtPercent(v / 100, l, 0);
  const option: ChartOption = {
    animation: false,
    grid: { left: 130, right: 24, top: 8, bottom: 44 },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params;
        const x = list[p.dataIndex];  // a bar (the whiskers are silent)
        if (!x) return '';
        const ci = x.ci_low !== null && x.ci_high !== null ? `<br/>${escapeHtml(t('ti.col.interval', { level: fmtPercent(report.confidence_level, l, 0) }))}: ${fmtPercent(x.ci_low, l, 0)}–${fmtPercent(x.ci_high, l, 0)}` : '';
        return `${escapeHtml(touchpointName(x, lg))}<br/>${escapeHtml(t('ti.col.share'))}: ${fmtPercent(x.lmg_share, l, 1)}${ci}`;
      },
    },
    xAxis: { type: 'value', min: 0, max, name: isolate(t('ti.importance')), nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: pct } },
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { width: 120, overflow: 'truncate' } },
    series: [
      { type: 'bar', barMaxWidth: 22, data: list.map((x) => ({ value: x.lmg_share * 100, itemStyle: { color: QUADRANT_COLOURS[x.quadrant], opacity: 0.85 } })),
        markLine: { silent: true, symbol: ['none', 'none'], label: { show: false }, lineStyle: { color: '#1d2433', width: 2, type: 'solid' },
                    data: w.map((x) => [{ coord: [x.low * 100, x.row] }, { coord: [x.high * 100, x.row] }]) } },
      { type: 'scatter', silent: true, symbol: 'rect', symbolSize: [2, 12], itemStyle: { color: '#1d2433' },
        data: w.flatMap((x) => [[x.low * 100, x.row], [x.high * 100, x.row]]) },
    ],
  };
  return <div dir="ltr"><Chart testid="impact-ranked-chart" label={t('ti.ranked')} height={Math.max(180, 60 + list.length * 40)} option={option} /></div>;
}
