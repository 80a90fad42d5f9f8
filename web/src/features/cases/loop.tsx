// Closing the loop: the inbox's measures over the cases opened in the last 90 days — the
// share of detractors reached within 24 hours, time to first response and to resolution,
// SLA attainment, recovery, the customers' own "resolved?" answers — each with its count and
// margin (or "too few to say" below the minimum n), and the root causes per month as a chart.
import { get } from '../../lib/api';
import { axisTooltip, Chart } from '../../lib/chart';
import { fmtNumber, type Locale } from '../../lib/format';
import { lang } from '../../lib/i18n';
import type { Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Spinner } from '../../ui/components';
import { t } from './messages';
import { durationText, monthLabel, shareText, type LoopMetrics, type LoopShare, type LoopDuration } from './loop-model';

function ShareTile({ id, title, share, l, note }: { id: string; title: string; share?: LoopShare; l: Locale; note?: string }) {
  const s = shareText(share, l);
  return (
    <section class="tile" data-testid={'loop-' + id}>
      <h3>{title}</h3>
      {s.value === null ? (
        <p class="not-enough" data-testid={'loop-' + id + '-not-enough'}>{s.n === 0 ? t('loop.none') : t('loop.tooFew', { n: fmtNumber(s.n, l), min: fmtNumber(s.min, l) })}</p>
      ) : (
        <>
          <div class="big" data-testid={'loop-' + id + '-value'}>{s.value}</div>
          <div class="muted">{t('loop.range', { lo: s.low ?? '', hi: s.high ?? '' })}</div>
        </>
      )}
      <div class="muted small" data-testid={'loop-' + id + '-counts'}>{t('loop.of', { k: fmtNumber(share?.successes ?? 0, l), n: fmtNumber(share?.n ?? 0, l) })}{note ? ' · ' + note : ''}</div>
    </section>
  );
}

function DurationTile({ id, title, d, l, min }: { id: string; title: string; d?: LoopDuration; l: Locale; min: number }) {
  const text = durationText(d, l);
  return (
    <section class="tile" data-testid={'loop-' + id}>
      <h3>{title}</h3>
      {!text ? (
        <p class="not-enough" data-testid={'loop-' + id + '-not-enough'}>{(d?.n ?? 0) === 0 ? t('loop.none') : t('loop.tooFew', { n: fmtNumber(d?.n ?? 0, l), min: fmtNumber(min, l) })}</p>
      ) : (
        <>
          <div class="big" data-testid={'loop-' + id + '-value'}>{t('loop.hours', { h: text.median })}</div>
          <div class="muted">{t('loop.medianRange', { lo: text.medianLow, hi: text.medianHigh })}</div>
          <div class="muted">{t('loop.p90', { h: text.p90 })}</div>
        </>
      )}
      <div class="muted small">{t('loop.cases', { n: fmtNumber(d?.n ?? 0, l) })}{d?.waiting ? ' · ' + t('loop.waiting', { n: fmtNumber(d.waiting, l) }) : ''}</div>
    </section>
  );
}

export function LoopPanel({ org, l }: { org: Org; l: Locale }) {
  const loop = useLoad(() => get('/api/v1/orgs/{org}/act/loop-metrics', { org: org.id }), [org.id], 300_000);
  const m = loop.data as LoopMetrics | undefined;
  const fa = lang() === 'fa';
  const series = (m?.root_causes?.series ?? []).filter((s) => (s.total ?? 0) > 0);
  const months = (m?.root_causes?.months ?? []).map((x) => monthLabel(x, l));
  const causeName = (s: (typeof series)[number]) => (s.id === null ? t('loop.noCause') : (fa ? s.name?.fa : s.name?.en) || s.name?.en || s.key || '');
  return (
    <Card title={t('loop.title')} testid="loop">
      <ErrorBox error={loop.error} />
      {!m ? <Spinner /> : (
        <>
          <p class="muted small">{t('loop.about', { n: fmtNumber(m.cases ?? 0, l) })}</p>
          <div class="tiles">
            <ShareTile id="contacted" title={t('loop.contacted', { h: fmtNumber(m.contacted_within?.hours ?? 24, l) })} share={m.contacted_within} l={l} />
            <DurationTile id="first-response" title={t('loop.ttfr')} d={m.first_response} l={l} min={m.min_n ?? 30} />
            <DurationTile id="resolution" title={t('loop.ttr')} d={m.resolution} l={l} min={m.min_n ?? 30} />
            <ShareTile id="sla-first" title={t('loop.slaFirst')} share={m.sla?.first_response} l={l} />
            <ShareTile id="sla-resolution" title={t('loop.slaResolution')} share={m.sla?.resolution} l={l} />
            <ShareTile id="recovery" title={t('loop.recovery')} share={m.recovery} l={l} />
            <ShareTile id="check" title={t('loop.check')} share={m.resolution_check} l={l}
                       note={t('loop.checksSent', { n: fmtNumber(m.resolution_check?.sent ?? 0, l) })} />
          </div>
          {series.length > 0 && (
            <Chart testid="loop-causes" label={t('loop.causesChart')} height={240} option={{
              tooltip: { trigger: 'axis', formatter: axisTooltip((v) => fmtNumber(v, l)) },
              legend: { type: 'scroll', bottom: 0 },
              grid: { left: 40, right: 16, top: 16, bottom: 48 },
              xAxis: { type: 'category', data: months },
              yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => fmtNumber(v, l) } },
              series: series.map((s) => ({ type: 'bar', stack: 'causes', name: causeName(s), data: s.counts ?? [] })),
            }} />
          )}
          <p class="muted small">{t('loop.note', { min: fmtNumber(m.min_n ?? 30, l) })}</p>
        </>
      )}
    </Card>
  );
}
