// Surveys: the list, a new survey (blank or from a template), and one survey's builder,
// sharing (links, QR, embeds) and versions.
import { useState } from 'preact/hooks';
import { get, send, type Body } from '../../lib/api';
import { fmtDate, fmtNumber } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { href, navigate, useRoute } from '../../lib/router';
import { can, localeOf, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Select, Spinner, TextField } from '../../ui/components';
import { Drivers } from '../drivers/drivers';
import { Builder } from './builder';
import { t } from './messages';
import { blankDefinition, sendable } from './model';
import { Share } from './share';

export default function Surveys({ org }: { org: Org }) {
  const route = useRoute();
  if (route.id) return <SurveyPage org={org} id={Number(route.id)} tab={route.tab ?? 'build'} />;
  return <SurveyList org={org} />;
}

function SurveyList({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const list = useLoad(() => get('/api/v1/orgs/{org}/surveys', { org: org.id, limit: 200 }), [org.id]);
  const templates = useLoad(() => get('/api/v1/survey-templates'), []);
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const [error, setError] = useState<unknown>(null);
  const mayEdit = can(org, 'manage_surveys');
  return (
    <div>
      <div class="page-head"><h1>{t('surveys.title')}</h1></div>
      {mayEdit && (
        <Card title={t('surveys.new')} testid="new-survey">
          <form class="row" onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            try {
              const body: Body<'/api/v1/orgs/{org}/surveys', 'post'> = template ? { name, template, languages: ['fa', 'en'] }
                : { name, definition: sendable(blankDefinition(lang() === 'fa' ? ['fa', 'en'] : ['en', 'fa'], name)) };
              const s = await send('post', '/api/v1/orgs/{org}/surveys', { org: org.id }, body);
              navigate(href(org.id, 'surveys', s.id));
            } catch (err) { setError(err); }
          }}>
            <TextField label={t('common.name')} name="name" value={name} onInput={setName} required />
            <Select label={t('surveys.fromTemplate')} name="template" value={template} onChange={setTemplate}
                    options={[{ value: '', label: t('surveys.blank') }, ...(templates.data?.items ?? []).map((x) => ({ value: x.id, label: x.name?.[lang()] ?? x.id }))]} />
            <button type="submit">{t('surveys.create')}</button>
          </form>
          <ErrorBox error={error} />
        </Card>
      )}
      <Card>
        {list.loading && !list.data ? <Spinner /> : (
          <table class="table" data-testid="survey-list">
            <thead><tr><th>{t('common.name')}</th><th>{t('common.status')}</th><th>{t('builder.versions')}</th><th>{t('common.created')}</th></tr></thead>
            <tbody>
              {(list.data?.items ?? []).map((s) => (
                <tr>
                  <td><a href={href(org.id, 'surveys', s.id)} dir="auto">{s.name}</a></td>
                  <td><span class={'badge ' + s.status}>{t(`status.${s.status}`)}</span></td>
                  <td>{fmtNumber(s.published_version, l)}</td>
                  <td>{fmtDate(s.created_at, l)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <ErrorBox error={list.error} />
      </Card>
    </div>
  );
}

function SurveyPage({ org, id, tab }: { org: Org; id: number; tab: string }) {
  const survey = useLoad(() => get('/api/v1/orgs/{org}/surveys/{survey}', { org: org.id, survey: id }), [org.id, id]);
  if (!survey.data) return survey.error ? <ErrorBox error={survey.error} /> : <Spinner />;
  const s = survey.data;
  const tabs = [['build', t('builder.tab.build')], ['share', t('builder.tab.distribute')], ['drivers', t('builder.tab.drivers')]];
  return (
    <div>
      <div class="page-head">
        <h1 dir="auto">{s.name}</h1>
        <span class={'badge ' + s.status} data-testid="survey-status">{t(`status.${s.status}`)}</span>
        <nav class="tabs">
          {tabs.map(([k, label]) => <a href={href(org.id, 'surveys', id, k)} class={tab === k ? 'active' : ''} data-testid={'tab-' + k}>{label}</a>)}
          <a href={href(org.id, 'dashboard', null, null, 'survey=' + id)}>{t('builder.tab.results')}</a>
          {can(org, 'read_responses') && <a href={href(org.id, 'responses', null, null, 'survey=' + id)}>{t('nav.responses')}</a>}
        </nav>
      </div>
      {tab === 'share' ? <Share org={org} survey={s} />
        : tab === 'drivers' ? <Drivers org={org} survey={s} />
        : <Builder org={org} survey={s} onChange={survey.reload} />}
    </div>
  );
}
