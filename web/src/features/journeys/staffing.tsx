// Call-centre staffing with Erlang C: the agents a call volume needs for a service level, and
// the service level by number of agents.
import { useState } from 'preact/hooks';
import { get } from '../../lib/api';
import { Chart } from '../../lib/chart';
import { fmtNumber, fmtPercent } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, TextField } from '../../ui/components';
import { t } from './messages';


export function Staffing({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const [form, setForm] = useState({ calls: '100', interval_min: '30', aht_s: '180', target_sl: '0.8', target_answer_s: '20', agents: '' });
  const [asked, setAsked] = useState(form);
  // As typed: a field left empty is left out (the server says so when it is required), and the
  // server names one that is not a number.
  const number = (v: string) => (v === '' ? undefined : Number(v));
  const data = useLoad(() => get('/api/v1/staffing/erlang', {
    calls: number(asked.calls) as number, interval_min: number(asked.interval_min), aht_s: number(asked.aht_s) as number,
    target_sl: number(asked.target_sl), target_answer_s: number(asked.target_answer_s), agents: number(asked.agents),
  }), [JSON.stringify(asked)]);
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const d = data.data;
  return (
    <div data-testid="staffing">
      <Card>
        <form class="row" onSubmit={(e) => { e.preventDefault(); setAsked(form); }}>
          <TextField label={t('jr.calls')} name="calls" type="number" value={form.calls} onInput={set('calls')} />
          <TextField label={t('jr.interval')} name="interval_min" type="number" value={form.interval_min} onInput={set('interval_min')} />
          <TextField label={t('jr.aht')} name="aht_s" type="number" value={form.aht_s} onInput={set('aht_s')} />
          <TextField label={t('jr.targetSl')} name="target_sl" type="number" value={form.target_sl} onInput={set('target_sl')} />
          <TextField label={t('jr.targetAnswer')} name="target_answer_s" type="number" value={form.target_answer_s} onInput={set('target_answer_s')} />
          <TextField label={t('jr.agents')} name="agents" type="number" value={form.agents} onInput={set('agents')} placeholder={t('jr.fewest')} />
          <button type="submit">{t('jr.compute')}</button>
        </form>
        <ErrorBox error={data.error} />
      </Card>
      {d && (
        <div class="two-col">
          <Card title={t('jr.result', { n: fmtNumber(d.agents, l) })} testid="staffing-result">
            <dl class="meta">
              <dt>{t('jr.fewestAgents')}</dt><dd data-testid="fewest">{fmtNumber(d.fewest_agents, l)}</dd>
              <dt>{t('jr.traffic')}</dt><dd>{fmtNumber(d.traffic_erlangs, l, 2)}</dd>
              <dt>{t('jr.serviceLevel')}</dt><dd data-testid="service-level">{fmtPercent(d.service_level, l, 2)}</dd>
              <dt>{t('jr.pWait')}</dt><dd>{fmtPercent(d.p_wait, l, 2)}</dd>
              <dt>{t('jr.asa')}</dt><dd>{d.asa_s === null ? '∞' : fmtNumber(d.asa_s, l, 1)}</dd>
              <dt>{t('jr.occupancy')}</dt><dd>{fmtPercent(d.occupancy, l, 1)}</dd>
            </dl>
            {!d.stable && <p class="error">{t('jr.unstable')}</p>}
          </Card>
          <Card title={t('jr.curve')}>
            <Chart testid="staffing-chart" label={t('jr.curve')} option={{
              grid: { left: 48, right: 48, top: 16, bottom: 32 },
              tooltip: { trigger: 'axis', valueFormatter: (v) => fmtPercent(Number(v), l, 1) },
              xAxis: { type: 'category', data: d.curve.map((c) => fmtNumber(c.agents, l)) },
              yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => fmtPercent(v, l, 0) } },
              series: [{ type: 'bar', data: d.curve.map((c) => ({ value: c.service_level, itemStyle: { color: c.service_level >= Number(asked.target_sl) ? '#30a46c' : '#e5484d' } })),
                         markLine: { silent: true, symbol: 'none', data: [{ yAxis: Number(asked.target_sl) }] } }],
            }} />
          </Card>
        </div>
      )}
    </div>
  );
}
