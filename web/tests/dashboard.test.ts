import { describe, expect, it, vi } from 'vitest';
import { interval, outlierOf, pickMetric, sortGroups, type Group } from '../src/features/dashboard/model';
import { agentLabel, agentNamesOf } from '../src/lib/agent-names';

const csat = (key: string, n: number, favourable: number | null, outlier?: string): Group => ({
  key, n, status: favourable === null ? 'not_enough_responses' : 'ok', distribution: null,
  score: favourable === null ? null : { favourable, favourable_ci_low: 0, favourable_ci_high: 1, mean: 4, mean_ci_low: 1, mean_ci_high: 5 },
  ...(outlier ? { versus_rest: { difference: 0, p_value: 0, p_adjusted: 0, rest_n: 10, outlier } } : {}),
} as Group);

describe('breakdown order', () => {
  const groups = [csat('a', 300, 0.8), csat('b', 50, 0.55, 'below'), csat('c', 10, null), csat('d', 200, 0.9, 'above'), csat('e', 120, 0.8)];
  it('puts the worst first, ties by answers, the unscored last', () => {
    expect(sortGroups(groups, 'csat', 'worst').map((g) => g.key)).toEqual(['b', 'a', 'e', 'd', 'c']);
  });
  it('puts the best first, the unscored still last', () => {
    expect(sortGroups(groups, 'csat', 'best').map((g) => g.key)).toEqual(['d', 'a', 'e', 'b', 'c']);
  });
  it('orders by answers', () => {
    expect(sortGroups(groups, 'csat', 'volume').map((g) => g.key)).toEqual(['a', 'd', 'e', 'b', 'c']);
  });
  it('draws each scored group\'s interval in the chart\'s unit, none below the minimum n', () => {
    expect(interval('csat', { ...groups[0], score: { ...groups[0].score!, favourable_ci_low: 0.71, favourable_ci_high: 0.83 } } as Group)).toEqual([71, 83]);
    expect(interval('csat', groups[2])).toBeNull();
  });
  it('reads the server\'s outlier verdict', () => {
    expect(groups.map(outlierOf)).toEqual([null, 'below', null, 'above', null]);
  });
});

describe('the metric the dashboard opens on', () => {
  it('is the asked one when the survey has it, else its first score', () => {
    expect(pickMetric('ces', { csat: 'q1', ces: 'q2' })).toBe('ces');
    expect(pickMetric('nps', { csat: 'q1' })).toBe('csat');  // a support survey: no NPS tab
    expect(pickMetric(null, { nps: 'n', csat: 'c' })).toBe('nps');
    expect(pickMetric(null, {})).toBeNull();
  });
});

describe('agent names', () => {
  const names = agentNamesOf([
    { agent_id: 'agent-08', name: { fa: 'حسین رحیمی', en: 'Hossein Rahimi' } },
    { agent_id: 'agent-08', name: { en: 'Someone else' } },
    { agent_id: 'agent-09', name: { en: 'Narges Kazemi' } },
    { agent_id: 'agent-10', name: {} },
  ]);
  it('names an agent in the reader\'s language, else the other, else by id', () => {
    expect(agentLabel('agent-08', names, 'fa')).toBe('حسین رحیمی');
    expect(agentLabel('agent-08', names, 'en')).toBe('Hossein Rahimi');
    expect(agentLabel('agent-09', names, 'fa')).toBe('Narges Kazemi');
    expect(agentLabel('agent-10', names, 'en')).toBe('agent-10');
    expect(agentLabel('agent-99', undefined, 'en')).toBe('agent-99');
  });
});

describe('Persian in charts', () => {
  it('isolates each category (a Jalali day keeps its order inside the left-to-right SVG)', async () => {
    const { mirror } = await import('../src/lib/chart');
    const { setLang } = await import('../src/lib/i18n');
    vi.stubGlobal('document', { documentElement: {} });
    setLang('fa');
    const m = mirror({ xAxis: { type: 'category', data: ['۱ آذر ۱۴۰۵'] }, yAxis: { type: 'value' } });
    expect((m.xAxis as { data: string[] }[])[0].data).toEqual(['\u2067۱ آذر ۱۴۰۵\u2069']);
    expect(((mirror(m).xAxis as { data: string[] }[])[0].data[0].match(/\u2067/g) ?? []).length).toBe(1);
    setLang('en');
    expect(mirror({ xAxis: { type: 'category', data: ['1 Dec 2026'] } }).xAxis).toEqual({ type: 'category', data: ['1 Dec 2026'] });
    setLang('fa');
    vi.unstubAllGlobals();
  });
});

describe('Persian digits in answers and fields', () => {
  it('writes ratings and matrix cells with the reader\'s digits, leaves text as written', async () => {
    const { answerText } = await import('../src/features/responses/model');
    const { fmtNumber, localDigits } = await import('../src/lib/format');
    const fa = { lang: 'fa', digits: 'persian', calendar: 'jalali', timeZone: 'Asia/Tehran' } as const;
    const num = (n: number) => fmtNumber(n, fa);
    expect(answerText({ id: 'nps', type: 'nps' } as never, 9, 'fa', num)).toBe('۹');
    expect(answerText({ id: 'g', type: 'matrix', rows: [{ id: 'speed', text: { fa: 'سرعت' } }] } as never, { speed: 4 }, 'fa', num)).toBe('سرعت: ۴');
    expect(answerText({ id: 't', type: 'text' } as never, 'order 123', 'fa', num)).toBe('order 123');
    expect(localDigits('1405-09-01', fa)).toBe('۱۴۰۵-۰۹-۰۱');
    expect(localDigits('1405-09-01', { ...fa, digits: 'latin' })).toBe('1405-09-01');
  });
});
