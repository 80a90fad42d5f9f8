// Settings: the organisation (name, time zone, calendar, digits, default language) and
// leaving it, my digest e-mail, my own calendar and digits, members and roles with the invitations waiting for an answer, API keys (the
// secret shown once) and the audit log.
import { useState } from 'preact/hooks';
import { get, getAll, send, type Schemas } from '../../lib/api';
import { fmtDate } from '../../lib/format';
import { lang } from '../../lib/i18n';
import { href, navigate, useRoute } from '../../lib/router';
import { can, leaveOrganisation, localeOf, updateOrg, type Org, type Role } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, CopyButton, ErrorBox, Select, Spinner, TextField } from '../../ui/components';
import { DigestSettings } from './digest';
import { DisplaySettings } from './display';
import { t } from './messages';

const ROLES: Role[] = ['owner', 'admin', 'analyst', 'agent', 'viewer'];
// Only those who may manage owners are offered the owner role.
const roleOptions = (org: Org) => ROLES.filter((r) => r !== 'owner' || can(org, 'manage_owners')).map((r) => ({ value: r, label: t(`role.${r}`) }));

export default function Settings({ org }: { org: Org }) {
  const route = useRoute();
  const tabs = [['org', t('settings.org')], ...(can(org, 'manage_members') ? [['members', t('settings.members')]] : []),
    ...(can(org, 'manage_api_keys') ? [['keys', t('settings.keys')]] : []), ...(can(org, 'read_audit') ? [['audit', t('settings.audit')]] : []), ['digest', t('digest.tab')],
    ['display', t('display.tab')]];
  const shown = tabs.map(([k]) => k);
  const tab = shown.includes(route.id ?? '') ? route.id! : 'org';
  return (
    <div>
      <div class="page-head"><h1>{t('settings.title')}</h1>
        <nav class="tabs">{tabs.map(([k, label]) => <a href={href(org.id, 'settings', k)} class={tab === k ? 'active' : ''} data-testid={'settings-' + k}>{label}</a>)}</nav>
      </div>
      {tab === 'display' ? <DisplaySettings org={org} /> : tab === 'digest' ? <DigestSettings org={org} /> : tab === 'members' ? <Members org={org} /> : tab === 'keys' ? <Keys org={org} /> : tab === 'audit' ? <Audit org={org} />
        : <><OrgForm org={org} editable={can(org, 'manage_organisation')} /><Leave org={org} /></>}
    </div>
  );
}

// Any member may leave; the server refuses the last owner (and says so).
function Leave({ org }: { org: Org }) {
  const [error, setError] = useState<unknown>(null);
  return (
    <Card>
      <button class="secondary danger" data-testid="leave-org" onClick={async () => {
        if (!confirm(t('members.leaveConfirm', { org: org.name }))) return;
        setError(null);
        try { await leaveOrganisation(org); navigate('/'); } catch (e) { setError(e); }
      }}>{t('members.leave')}</button>
      <ErrorBox error={error} />
    </Card>
  );
}

function OrgForm({ org, editable }: { org: Org; editable: boolean }) {
  const [form, setForm] = useState({ name: org.name, time_zone: org.time_zone, calendar: org.calendar, digits: org.digits, language: org.language });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  // Not in every browser yet.
  const zones = (Intl.supportedValuesOf as typeof Intl.supportedValuesOf | undefined)?.('timeZone');
  const set = (k: string) => (v: string) => { setForm({ ...form, [k]: v }); setSaved(false); };
  return (
    <Card testid="org-form">
      <form onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try { const o = await send('patch', '/api/v1/orgs/{org}', { org: org.id }, form); updateOrg({ ...org, ...o }); setSaved(true); } catch (err) { setError(err); }
      }}>
        <fieldset disabled={!editable} class="grid2">
          <TextField label={t('common.name')} name="name" value={form.name} onInput={set('name')} required />
          <label class="field"><span>{t('settings.timeZone')}</span>
            <input name="time_zone" dir="ltr" list="zones" value={form.time_zone} onInput={(e) => set('time_zone')((e.target as HTMLInputElement).value)} />
            <datalist id="zones">{(zones ?? ['Asia/Tehran', 'UTC', 'Europe/London']).map((z) => <option value={z} />)}</datalist></label>
          <Select label={t('settings.calendar')} name="calendar" value={form.calendar} onChange={set('calendar')} options={[{ value: 'jalali', label: t('cal.jalali') }, { value: 'gregorian', label: t('cal.gregorian') }]} />
          <Select label={t('settings.digits')} name="digits" value={form.digits} onChange={set('digits')} options={[{ value: 'persian', label: t('digits.persian') }, { value: 'latin', label: t('digits.latin') }]} />
          <Select label={t('settings.defaultLanguage')} name="language" value={form.language} onChange={set('language')} options={[{ value: 'fa', label: t('lang.fa') }, { value: 'en', label: t('lang.en') }]} />
        </fieldset>
        {editable && <button type="submit">{t('common.save')}</button>}
        {saved && <span class="ok" data-testid="org-saved"> {t('common.saved')}</span>}
        <ErrorBox error={error} />
      </form>
    </Card>
  );
}

function Members({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const list = useLoad(() => getAll('/api/v1/orgs/{org}/members', { org: org.id }), [org.id]);
  const pending = useLoad(() => getAll('/api/v1/orgs/{org}/member-invitations', { org: org.id }), [org.id]);
  const [email, setEmail] = useState(''); const [name, setName] = useState(''); const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [invited, setInvited] = useState('');
  const [error, setError] = useState<unknown>(null);
  const act = (f: () => Promise<unknown>) => async () => { setError(null); try { await f(); list.reload(); pending.reload(); } catch (e) { setError(e); } };
  return (
    <>
      <Card title={t('members.add')} testid="invite-member">
        <p class="small">{t('members.help')}</p>
        <form class="row" onSubmit={(e) => {
          e.preventDefault();
          setInvited('');
          act(async () => {
            const i = await send('post', '/api/v1/orgs/{org}/members', { org: org.id }, { email, role, ...(name ? { name } : {}), ...(password ? { password } : {}) });
            setInvited(i.email); setEmail(''); setName(''); setPassword('');
          })();
        }}>
          <TextField label={t('members.email')} name="email" type="email" dir="ltr" value={email} onInput={setEmail} required />
          <TextField label={t('common.name')} name="member-name" value={name} onInput={setName} />
          <TextField label={t('members.password')} name="member-password" type="password" dir="ltr" value={password} onInput={setPassword} autocomplete="new-password" />
          <Select label={t('common.role')} value={role} onChange={setRole} options={roleOptions(org)} />
          <button type="submit">{t('members.add')}</button>
        </form>
        {invited && <p class="notice" data-testid="member-invited">{t('members.invited', { email: invited })}</p>}
      </Card>
      <ErrorBox error={error} />
      {pending.data && pending.data.length > 0 && (
        <Card title={t('members.pending')}>
          <table class="table" data-testid="member-invitations">
            <thead><tr><th>{t('members.email')}</th><th>{t('common.role')}</th><th>{t('members.invitedAt')}</th><th /></tr></thead>
            <tbody>{pending.data.map((i) => (
              <tr><td dir="ltr">{i.email}</td><td>{t(`role.${i.role}`)}</td><td>{fmtDate(i.created_at, l)}</td>
                <td><button class="link danger" data-testid="revoke-invitation" onClick={act(() => send('delete', '/api/v1/orgs/{org}/member-invitations/{invitation}', { org: org.id, invitation: i.id }))}>{t('members.revoke')}</button></td></tr>
            ))}</tbody>
          </table>
        </Card>
      )}
      <Card>
        {!list.data ? <Spinner /> : (
          <table class="table" data-testid="members">
            <thead><tr><th>{t('common.name')}</th><th>{t('members.email')}</th><th>{t('common.role')}</th><th>{t('common.created')}</th><th /></tr></thead>
            <tbody>{list.data.map((m) => (
              <tr><td dir="auto">{m.name}</td><td dir="ltr">{m.email}</td>
                <td><select aria-label={t('common.role')} value={m.role} onChange={(e) => act(() => send('patch', '/api/v1/orgs/{org}/members/{user}', { org: org.id, user: m.user_id }, { role: (e.target as HTMLSelectElement).value as Role }))()}>
                  {ROLES.map((r) => <option value={r} disabled={r === 'owner' && !can(org, 'manage_owners')}>{t(`role.${r}`)}</option>)}</select></td>
                <td>{fmtDate(m.joined_at, l)}</td>
                <td><button class="link danger" onClick={act(() => send('delete', '/api/v1/orgs/{org}/members/{user}', { org: org.id, user: m.user_id }))}>{t('common.delete')}</button></td></tr>
            ))}</tbody>
          </table>
        )}
      </Card>
    </>
  );
}

function Keys({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const list = useLoad(() => getAll('/api/v1/orgs/{org}/api-keys', { org: org.id }), [org.id]);
  const [name, setName] = useState(''); const [role, setRole] = useState<Role>('agent');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <Card title={t('keys.new')}>
        <form class="row" onSubmit={async (e) => {
          e.preventDefault(); setError(null);
          try { const k = await send('post', '/api/v1/orgs/{org}/api-keys', { org: org.id }, { name, role }); setSecret(k.token); setName(''); list.reload(); } catch (err) { setError(err); }
        }}>
          <TextField label={t('common.name')} name="key-name" value={name} onInput={setName} required />
          <Select label={t('common.role')} value={role} onChange={setRole} options={roleOptions(org).filter((o) => o.value !== 'owner')} />
          <button type="submit">{t('common.add')}</button>
        </form>
        {secret && (
          <div class="notice" data-testid="key-secret"><p>{t('keys.shownOnce')}</p>
            <div class="copyrow"><input readOnly dir="ltr" value={secret} /><CopyButton text={secret} /></div></div>
        )}
        <ErrorBox error={error} />
      </Card>
      <Card>
        {!list.data ? <Spinner /> : (
          <table class="table" data-testid="keys">
            <thead><tr><th>{t('common.name')}</th><th>ID</th><th>{t('common.role')}</th><th>{t('common.created')}</th><th /></tr></thead>
            <tbody>{list.data.map((k) => (
              <tr><td dir="auto">{k.name}</td><td dir="ltr"><code>{k.prefix}</code></td><td>{t(`role.${k.role}`)}</td><td>{fmtDate(k.created_at, l)}</td>
                <td>{k.revoked_at ? t('keys.revoked') : <button class="link danger" onClick={async () => { try { await send('delete', '/api/v1/orgs/{org}/api-keys/{key}', { org: org.id, key: k.id }); list.reload(); } catch (e) { setError(e); } }}>{t('keys.revoke')}</button>}</td></tr>
            ))}</tbody>
          </table>
        )}
      </Card>
    </>
  );
}

function Audit({ org }: { org: Org }) {
  const l = localeOf(org, lang());
  const [cursor, setCursor] = useState<string | null>(null);
  const [items, setItems] = useState<Schemas['AuditEntry'][]>([]);
  const page = useLoad(async () => {
    const r = await get('/api/v1/orgs/{org}/audit', { org: org.id, limit: 50, cursor });
    setItems((x) => (cursor ? [...x, ...r.items] : r.items));
    return r.next_cursor;
  }, [org.id, cursor]);
  return (
    <Card>
      <table class="table" data-testid="audit">
        <thead><tr><th>{t('audit.at')}</th><th>{t('audit.action')}</th><th>{t('audit.target')}</th><th>{t('audit.actor')}</th></tr></thead>
        <tbody>{items.map((a) => (
          <tr><td>{fmtDate(a.at, l, true)}</td><td dir="ltr"><code>{a.action}</code></td><td dir="ltr">{a.target}</td>
            <td dir="ltr">{a.actor_user_id ? 'user ' + a.actor_user_id : a.actor_api_key_id ? 'key ' + a.actor_api_key_id : '—'}{a.ip ? ' · ' + a.ip : ''}</td></tr>
        ))}</tbody>
      </table>
      {page.data && <button class="secondary" onClick={() => setCursor(page.data!)}>{t('common.more')}</button>}
      <ErrorBox error={page.error} />
    </Card>
  );
}
