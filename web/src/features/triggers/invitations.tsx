// Invitations: the response rate (sent → opened → started → completed) by channel, rule or
// survey, the invitations with their status, filters and paging, and one in detail with its
// history and deliveries.
import { useState } from 'preact/hooks';
import { get, getAll, type Schemas } from '../../lib/api';
import { axisTooltip, Chart } from '../../lib/chart';
import { fmtDate, fmtNumber, fmtPercent, PERIODS } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { href, navigate, setParams, useRoute } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Select, Spinner } from '../../ui/components';
import { useFilters, useSurveys, type SurveySummary } from '../../ui/filters';
import { label, useCatalogue } from './catalogue';
import { t } from './messages';
import type { TriggerRule } from './model';

export const STATUSES = ['queued', 'sent', 'opened', 'started', 'completed', 'failed', 'suppressed'] as const;
const FUNNEL = ['invited', 'sent', 'opened', 'started', 'completed'] as const;
const FUNNEL_COLOURS: Record<string, string> = { sent: '#9aa9dd', opened: '#6c84d6', started: '#3451b2', completed: '#12805c' };

export function Invitations({ org }: { org: Org }) {
  return (
    <div>
      <ResponseRates org={org} />
      {can(org, 'read_contacts') && <InvitationList org={org} />}
    </div>
  );
}

type RateGroup = 'channel' | 'rule' | 'survey';
type Rate = Schemas['ResponseRate'];

function ResponseRates({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const f = useFilters(org);
  const { params } = useRoute();
  const by = (params.get('by') as RateGroup) || 'channel';
  const data = useLoad(async () => {
    const [rates, rules, surveys] = await Promise.all([
      get('/api/v1/orgs/{org}/response-rates', { org: org.id, by, from: f.range.from, to: f.range.to }),
      by === 'rule' ? get('/api/v1/orgs/{org}/trigger-rules', { org: org.id }).then((r) => r.items) : Promise.resolve([] as TriggerRule[]),
      by === 'survey' ? get('/api/v1/orgs/{org}/surveys', { org: org.id, limit: 200 }).then((r) => r.items) : Promise.resolve([] as SurveySummary[]),
    ]);
    return { rates, rules, surveys };
  }, [org.id, by, f.range.from, f.range.to]);
  const d = data.data;
  const filterbar = (
    <div class="filterbar">
      <Select label={t('filter.period')} name="period" value={f.period === 'custom' ? '30d' : f.period} onChange={(v) => setParams({ period: v === '90d' ? null : v })}
              options={PERIODS.map((p) => ({ value: p, label: t(`period.${p}`) }))} />
      <Select<RateGroup> label={t('inv.groupBy')} name="by" value={by} onChange={(v) => setParams({ by: v === 'channel' ? null : v })}
              options={(['channel', 'rule', 'survey'] as RateGroup[]).map((b) => ({ value: b, label: t(`inv.by.${b}`) }))} />
    </div>
  );
  if (!d) return <>{filterbar}<ErrorBox error={data.error} /><Spinner /></>;
  const groupName = (g: Rate) => by === 'channel' ? t(`delivery.${g.channel!}`)
    : by === 'rule' ? d.rules.find((r) => r.id === g.rule_id)?.name ?? '#' + g.rule_id
    : d.surveys.find((s) => s.id === g.survey_id)?.name ?? '#' + g.survey_id;
  const total = d.rates.total;
  const items = d.rates.items;
  const pct = (v: number | null) => (v === null ? '—' : fmtPercent(v, l, 1));
  const rateText = (g: Rate) => pct(g.response_rate);
  return (
    <>
      {filterbar}
      <ErrorBox error={data.error} />
      <Card title={t('inv.rates')} testid="response-rates">
        <ol class="funnel" data-testid="funnel">
          {FUNNEL.map((s, i) => (
            <li class={'step s-' + s}>
              <span class="label">{t(`inv.status.${s}`)}</span>
              <strong class="n">{fmtNumber(total[s], l)}</strong>
              {i > 1 && <span class="muted small">{total.sent ? t('inv.ofSent', { p: fmtPercent(total[s] / total.sent, l, 0) }) : '—'}</span>}
            </li>
          ))}
        </ol>
        <p data-testid="response-rate">
          {total.response_rate === null ? <span class="muted">{t('inv.noneSent')}</span> : <>
            <strong>{t('inv.rateLine', { rate: rateText(total) })}</strong>{' '}
            <span class="muted">{t('inv.interval', { low: pct(total.ci_low), high: pct(total.ci_high) })}</span></>}
          {total.failed + total.suppressed > 0 && <span class="muted"> · {t('inv.failedSuppressed', { failed: fmtNumber(total.failed, l), suppressed: fmtNumber(total.suppressed, l) })}</span>}
        </p>
        {total.response_rate !== null && !total.enough && <p class="not-enough small">{t('inv.notEnough')}</p>}
        {items.length === 0 ? <p class="muted">{t('inv.none')}</p> : (
          <div class="two-col">
            <Chart testid="rates-chart" label={t('inv.rates')} height={Math.max(220, 60 + items.length * 40)} option={{
              animation: false,
              grid: { left: 48, right: 16, top: 36, bottom: 32, containLabel: true }, legend: { top: 0 },
              // ECharts tooltips are HTML: names (rules and surveys are typed by people) are escaped.
              tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: axisTooltip((v) => fmtNumber(v, l)) },
              xAxis: { type: 'category', data: items.map(groupName), axisLabel: { interval: 0, overflow: 'truncate', width: 120 } },
              yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => fmtNumber(v, l) } },
              series: (['sent', 'opened', 'started', 'completed'] as const).map((s) => ({
                type: 'bar', name: t(`inv.status.${s}`), data: items.map((g) => g[s]), itemStyle: { color: FUNNEL_COLOURS[s] },
              })),
            }} />
            <table class="table" data-testid="rates-table">
              <thead><tr><th>{t(`inv.by.${by}`)}</th><th class="num">{t('inv.status.sent')}</th><th class="num">{t('inv.status.completed')}</th><th class="num">{t('inv.rates')}</th></tr></thead>
              <tbody>{items.map((g) => (
                <tr><td dir="auto">{groupName(g)}</td><td class="num">{fmtNumber(g.sent, l)}</td><td class="num">{fmtNumber(g.completed, l)}</td>
                  <td class="num" title={g.response_rate === null ? '' : t('inv.interval', { low: pct(g.ci_low), high: pct(g.ci_high) })}>
                    {rateText(g)}{g.response_rate !== null && !g.enough && <span class="muted"> *</span>}</td></tr>
              ))}</tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

function StatusBadge({ status }: { status: Schemas['Invitation']['status'] }) {
  return <span class={'badge st-' + status} data-testid="invitation-status">{t(`inv.status.${status}`)}</span>;
}

function InvitationList({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const { params } = useRoute();
  const filters = { status: params.get('status') ?? '', rule: params.get('rule') ?? '', survey: params.get('survey') ?? '' };
  // The listing's filters as the address has them (the server names one it does not take).
  const listed = {
    org: org.id, status: (filters.status || undefined) as Schemas['Invitation']['status'] | undefined,
    rule: filters.rule ? Number(filters.rule) : undefined, survey: filters.survey ? Number(filters.survey) : undefined, limit: 50,
  };
  const rules = useLoad(() => get('/api/v1/orgs/{org}/trigger-rules', { org: org.id }).then((r) => r.items), [org.id]);
  const surveys = useSurveys(org);
  const catalogue = useCatalogue(org);
  const tp = (key: string) => label(catalogue.data?.touchpoints.find((x) => x.key === key), key);
  const [more, setMore] = useState<{ items: Schemas['Invitation'][]; next: string | null } | null>(null);
  const list = useLoad(() => { setMore(null); return get('/api/v1/orgs/{org}/invitations', listed); }, [org.id, filters.status, filters.rule, filters.survey]);
  const items = [...(list.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : list.data?.next_cursor ?? null;
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ruleName = (id: number) => rules.data?.find((r) => r.id === id)?.name ?? '#' + id;
  const surveyName = (id: number) => surveys.data?.find((s) => s.id === id)?.name ?? '#' + id;
  return (
    <Card title={t('inv.list')} testid="invitations">
      <div class="row filters-inline">
        <Select label={t('common.status')} name="status" value={filters.status} onChange={(v) => setParams({ status: v })}
                options={[{ value: '', label: t('common.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`inv.status.${s}`) }))]} />
        <Select label={t('inv.by.rule')} name="rule" value={filters.rule} onChange={(v) => setParams({ rule: v })}
                options={[{ value: '', label: t('common.all') }, ...(rules.data ?? []).map((r) => ({ value: String(r.id), label: r.name }))]} />
        <Select label={t('filter.survey')} name="survey" value={filters.survey} onChange={(v) => setParams({ survey: v })}
                options={[{ value: '', label: t('common.all') }, ...(surveys.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))]} />
        {list.data && <span class="muted">{t('inv.shown', { n: fmtNumber(items.length, l) })}{next ? '+' : ''}</span>}
      </div>
      <ErrorBox error={list.error ?? error} />
      {!list.data ? <Spinner /> : items.length === 0 ? <p class="muted" data-testid="invitations-empty">{t('inv.empty')}</p> : (
        <div class="scroll-x">
          <table class="table" data-testid="invitation-list">
            <thead><tr><th>{t('common.created')}</th><th>{t('common.status')}</th><th>{t('tr.delivery')}</th><th>{t('inv.address')}</th>
              <th>{t('filter.touchpoint')}</th><th>{t('resp.contact')}</th><th>{t('inv.by.rule')}</th><th>{t('filter.survey')}</th><th class="num">{t('inv.attempts')}</th><th>{t('inv.lastError')}</th></tr></thead>
            <tbody>{items.map((i) => (
              <tr class="clickable" data-testid="invitation-row" onClick={() => navigate(href(org.id, 'triggers', 'invitations', String(i.id)))}>
                <td><a href={href(org.id, 'triggers', 'invitations', String(i.id))}>{fmtDate(i.created_at, l, true)}</a></td>
                <td><StatusBadge status={i.status} /></td>
                <td>{t(`delivery.${i.channel}`)}</td>
                <td dir="ltr" class="ellipsis">{i.address || '—'}</td>
                <td dir="auto">{tp(i.touchpoint)}</td>
                <td><a href={href(org.id, 'journeys', 'contacts', String(i.contact_id))} onClick={(e) => e.stopPropagation()}>#{fmtNumber(i.contact_id, l)}</a></td>
                <td dir="auto">{ruleName(i.rule_id)}</td>
                <td dir="auto">{surveyName(i.survey_id)}</td>
                <td class="num">{fmtNumber(i.attempts, l)}</td>
                <td class="muted small ellipsis" dir="auto" title={i.last_error}>{i.last_error}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
      {next && <button class="secondary" disabled={loadingMore} data-testid="invitations-more" onClick={async () => {
        setLoadingMore(true);
        try {
          const page = await get('/api/v1/orgs/{org}/invitations', { ...listed, cursor: next });
          setMore({ items: [...(more?.items ?? []), ...page.items], next: page.next_cursor });
        } catch (e) { setError(e); }
        setLoadingMore(false);
      }}>{t('common.more')}</button>}
    </Card>
  );
}

export function InvitationDetail({ org, id }: { org: Org; id: string }) {
  const l = localeOf(org, lang());
  const data = useLoad(async () => {
    const inv = await get('/api/v1/orgs/{org}/invitations/{invitation}', { org: org.id, invitation: Number(id) });
    const rule = await get('/api/v1/orgs/{org}/trigger-rules/{rule}', { org: org.id, rule: inv.rule_id }).catch(() => null);
    const survey = await get('/api/v1/orgs/{org}/surveys/{survey}', { org: org.id, survey: inv.survey_id }).catch(() => null);
    const touchpoint = (await getAll('/api/v1/orgs/{org}/touchpoints', { org: org.id }).catch(() => [])).find((x) => x.key === inv.touchpoint);
    return { inv, rule, survey, touchpoint };
  }, [org.id, id]);
  if (!data.data) return data.error ? <ErrorBox error={data.error} /> : <Spinner />;
  const { inv, rule, survey, touchpoint } = data.data;
  const steps: [Parameters<typeof t>[0], string | null][] = [['inv.status.queued', inv.created_at], ['inv.status.sent', inv.sent_at], ['inv.reminderSent', inv.reminder_sent_at],
    ['inv.status.opened', inv.opened_at], ['inv.status.started', inv.started_at], ['inv.status.completed', inv.completed_at], ['inv.status.failed', inv.failed_at]];
  return (
    <div data-testid="invitation-detail">
      <div class="page-head"><h2>{t('inv.detail', { id: fmtNumber(inv.id, l) })}</h2><StatusBadge status={inv.status} />
        <a href={href(org.id, 'triggers', 'invitations')}>{t('common.back')}</a></div>
      <div class="two-col">
        <Card title={t('inv.history')}>
          <ol class="timeline">
            {steps.filter(([, at]) => at).map(([k, at]) => <li class={k === 'inv.status.failed' ? 'failed' : k === 'inv.status.completed' ? 'response' : ''}><time>{fmtDate(at!, l, true)}</time><span>{t(k)}</span></li>)}
            {inv.status === 'queued' && <li class="pending"><time>{fmtDate(inv.next_attempt_at ?? inv.due_at, l, true)}</time><span>{t('inv.due')}</span></li>}
          </ol>
          {inv.last_error && <p class={inv.status === 'suppressed' || inv.status === 'failed' ? 'error' : 'muted'} dir="auto">{t('inv.lastError')}: {inv.last_error}</p>}
          <h3>{t('inv.deliveries')}</h3>
          {inv.deliveries?.length ? (
            <table class="table" data-testid="deliveries">
              <thead><tr><th>{t('inv.kind')}</th><th>{t('common.status')}</th><th class="num">{t('inv.attempts')}</th><th>{t('resp.when')}</th><th>{t('inv.lastError')}</th></tr></thead>
              <tbody>{inv.deliveries.map((d) => (
                <tr><td>{t(`inv.kind.${d.kind}`)}</td><td>{t(`inv.delivery.${d.status}`)}</td><td class="num">{fmtNumber(d.attempts, l)}</td>
                  <td>{fmtDate(d.done_at ?? d.due_at, l, true)}</td><td class="muted small" dir="auto">{d.last_error}</td></tr>
              ))}</tbody>
            </table>
          ) : <p class="muted">—</p>}
        </Card>
        <Card title={t('resp.meta')}>
          <dl class="meta">
            <dt>{t('inv.by.rule')}</dt><dd dir="auto">{rule ? <a href={href(org.id, 'triggers', 'rules', String(rule.id))}>{rule.name}</a> : '#' + inv.rule_id}</dd>
            <dt>{t('filter.survey')}</dt><dd dir="auto">{survey ? <a href={href(org.id, 'surveys', survey.id)}>{survey.name}</a> : '#' + inv.survey_id}</dd>
            <dt>{t('tr.delivery')}</dt><dd>{t(`delivery.${inv.channel}`)}</dd>
            <dt>{t('inv.address')}</dt><dd dir="ltr">{inv.address || '—'}</dd>
            <dt>{t('resp.contact')}</dt><dd><a href={href(org.id, 'journeys', 'contacts', String(inv.contact_id))}>#{fmtNumber(inv.contact_id, l)}</a></dd>
            <dt>{t('filter.touchpoint')}</dt><dd dir="auto">{label(touchpoint, inv.touchpoint)}{inv.interaction_channel ? ' · ' + inv.interaction_channel : ''}</dd>
            <dt>{t('filter.agent')}</dt><dd dir="auto">{inv.agent || '—'}</dd>
            <dt>{t('inv.attempts')}</dt><dd>{fmtNumber(inv.attempts, l)}</dd>
            {inv.response_id && can(org, 'read_responses') && <><dt>{t('nav.responses')}</dt><dd><a href={href(org.id, 'responses', inv.response_id)}>{t('resp.detail', { id: fmtNumber(inv.response_id, l) })}</a></dd></>}
          </dl>
        </Card>
      </div>
    </div>
  );
}
