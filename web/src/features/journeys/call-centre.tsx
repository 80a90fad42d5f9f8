// The call centre's settings: the country callers' national numbers are read in (so
// 0912 111 0001, 912 111 0001 and +98 912 111 0001 are one caller), and the names agents go by
// in messages: each member channel queue_log writes ("SIP/8007") mapped to an agent id and a
// name in Persian and English ({{agent}} in an invitation).
import { useState } from 'preact/hooks';
import { ApiError, get, send } from '../../lib/api';
import { can, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Select, Spinner, TextField } from '../../ui/components';
import { t } from './messages';

const COUNTRIES = ['IR', 'US', 'CA', 'GB', 'DE', 'FR', 'TR', 'AE', 'IQ', 'AF', 'AZ', 'AM'] as const;

export function CallCentre({ org }: { org: Org }) {
  const editable = can(org, 'manage_journeys');
  return (
    <div data-testid="call-centre">
      {can(org, 'read_contacts') && <Country org={org} editable={editable} />}
      <Agents org={org} editable={editable} />
    </div>
  );
}

// The server's error beside the field it names; others below the form.
function useFieldErrors() {
  const [error, setError] = useState<unknown>(null);
  const field = error instanceof ApiError ? error.field ?? '' : '';
  const msg = (name: string) => (field === name ? (error as ApiError).message : undefined);
  return { error, setError, field, msg };
}

function Country({ org, editable }: { org: Org; editable: boolean }) {
  const settings = useLoad(() => get('/api/v1/orgs/{org}/call-centre/settings', { org: org.id }), [org.id]);
  const [country, setCountry] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const e = useFieldErrors();
  if (!settings.data) return settings.error ? <ErrorBox error={settings.error} /> : <Spinner />;
  const value = country ?? settings.data.default_country;
  const regionName = (code: string) => new Intl.DisplayNames([document.documentElement.lang || 'en'], { type: 'region' }).of(code) ?? code;
  return (
    <Card title={t('cc.country')} testid="cc-country">
      <p class="small">{t('cc.countryHelp')}</p>
      <form class="row" onSubmit={async (ev) => {
        ev.preventDefault();
        e.setError(null); setSaved(false);
        try { await send('put', '/api/v1/orgs/{org}/call-centre/settings', { org: org.id }, { default_country: value }); settings.reload(); setSaved(true); } catch (err) { e.setError(err); }
      }}>
        <Select label={t('cc.defaultCountry')} name="default_country" value={value} disabled={!editable} error={e.msg('default_country')}
                onChange={(v) => { setCountry(v); setSaved(false); }}
                options={[{ value: '', label: t('cc.noCountry') }, ...COUNTRIES.map((c) => ({ value: c, label: `${regionName(c)} (${c})` }))]} />
        {editable && <button type="submit" data-testid="cc-country-save">{t('common.save')}</button>}
        {saved && <span class="ok" data-testid="cc-country-saved"> {t('common.saved')}</span>}
      </form>
      {e.field !== 'default_country' && <ErrorBox error={e.error} />}
    </Card>
  );
}

function Agents({ org, editable }: { org: Org; editable: boolean }) {
  const agents = useLoad(() => get('/api/v1/orgs/{org}/call-centre/agents', { org: org.id }).then((r) => r.items ?? []), [org.id]);
  const [f, setF] = useState({ member: '', agent_id: '', fa: '', en: '' });
  const e = useFieldErrors();
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const save = async (ev: Event) => {
    ev.preventDefault();
    e.setError(null);
    try {
      await send('put', '/api/v1/orgs/{org}/call-centre/agents/{member}', { org: org.id, member: f.member.trim() },
                 { agent_id: f.agent_id.trim(), name: { ...(f.fa.trim() ? { fa: f.fa.trim() } : {}), ...(f.en.trim() ? { en: f.en.trim() } : {}) } });
      setF({ member: '', agent_id: '', fa: '', en: '' });
      agents.reload();
    } catch (err) { e.setError(err); }
  };
  return (
    <Card title={t('cc.agents')} testid="cc-agents">
      <p class="small">{t('cc.agentsHelp')}</p>
      {!agents.data ? <Spinner /> : agents.data.length === 0 ? <p class="muted" data-testid="cc-no-agents">{t('cc.noAgents')}</p> : (
        <div class="table-scroll">
          <table class="table" data-testid="cc-agent-table">
            <thead><tr><th>{t('cc.member')}</th><th>{t('cc.agentId')}</th><th>{t('cc.nameFa')}</th><th>{t('cc.nameEn')}</th>{editable && <th />}</tr></thead>
            <tbody>{agents.data.map((a) => (
              <tr data-testid="cc-agent-row"><td dir="ltr">{a.member}</td><td dir="ltr">{a.agent_id}</td>
                <td dir="rtl">{a.name.fa ?? '—'}</td><td dir="ltr">{a.name.en ?? '—'}</td>
                {editable && <td><button type="button" class="link danger" onClick={() => send('delete', '/api/v1/orgs/{org}/call-centre/agents/{member}', { org: org.id, member: a.member }).then(agents.reload, e.setError)}>{t('common.delete')}</button></td>}</tr>
            ))}</tbody>
          </table>
        </div>
      )}
      {editable && (
        <form onSubmit={save} data-testid="cc-agent-form">
          <div class="grid2">
            <TextField label={t('cc.member')} name="member" value={f.member} onInput={set('member')} dir="ltr" placeholder="SIP/8007" required error={e.msg('member')} />
            <TextField label={t('cc.agentId')} name="agent_id" value={f.agent_id} onInput={set('agent_id')} dir="ltr" placeholder="agent-07" required error={e.msg('agent_id')} />
            <TextField label={t('cc.nameFa')} name="name.fa" value={f.fa} onInput={set('fa')} dir="rtl" error={e.msg('name.fa') ?? e.msg('name')} />
            <TextField label={t('cc.nameEn')} name="name.en" value={f.en} onInput={set('en')} dir="ltr" error={e.msg('name.en')} />
          </div>
          {!['member', 'agent_id', 'name', 'name.fa', 'name.en'].includes(e.field) && <ErrorBox error={e.error} />}
          <div class="form-actions"><button type="submit" data-testid="cc-agent-save">{t('cc.saveAgent')}</button></div>
        </form>
      )}
    </Card>
  );
}
