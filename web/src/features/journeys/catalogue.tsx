// The catalogue of journey stages, touchpoints and contact attributes, and adding to it.
import { useState } from 'preact/hooks';
import { getAll, send, type Schemas } from '../../lib/api';
import { localized } from '../../lib/i18n';
import { can, type Org } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Card, ErrorBox, Select, TextField } from '../../ui/components';
import { t } from './messages';

type AttributeType = Schemas['ContactAttribute']['type'];
const ATTRIBUTE_TYPES: AttributeType[] = ['text', 'number', 'date', 'choice'];

export function Catalogue({ org }: { org: Org }) {
  const stages = useLoad(() => getAll('/api/v1/orgs/{org}/journey-stages', { org: org.id }), [org.id]);
  const touchpoints = useLoad(() => getAll('/api/v1/orgs/{org}/touchpoints', { org: org.id }), [org.id]);
  const attributes = useLoad(() => getAll('/api/v1/orgs/{org}/contact-attributes', { org: org.id }), [org.id]);
  const may = can(org, 'manage_journeys');
  const [error, setError] = useState<unknown>(null);
  const [stage, setStage] = useState({ key: '', fa: '', en: '', position: '1' });
  const [tp, setTp] = useState({ key: '', fa: '', en: '', channel: 'web', stage: '', owner: '' });
  const [attr, setAttr] = useState<{ name: string; type: AttributeType; choices: string }>({ name: '', type: 'text', choices: '' });
  const act = (f: () => Promise<unknown>, after: () => void) => async (e: Event) => {
    e.preventDefault(); setError(null);
    try { await f(); after(); } catch (err) { setError(err); }
  };
  return (
    <div data-testid="catalogue">
      <ErrorBox error={error} />
      <Card title={t('jr.stages')}>
        <ol class="stages">{(stages.data ?? []).map((s) => <li><span dir="auto">{localized(s.name, s.key)}</span> <code dir="ltr">{s.key}</code></li>)}</ol>
        {may && (
          <form class="row" onSubmit={act(() => send('post', '/api/v1/orgs/{org}/journey-stages', { org: org.id }, { key: stage.key, name: { fa: stage.fa, en: stage.en }, position: Number(stage.position) }), stages.reload)}>
            <TextField label={t('jr.key')} name="stage-key" dir="ltr" value={stage.key} onInput={(v) => setStage({ ...stage, key: v })} required />
            <TextField label={t('lang.fa')} name="stage-fa" dir="rtl" value={stage.fa} onInput={(v) => setStage({ ...stage, fa: v })} />
            <TextField label={t('lang.en')} name="stage-en" dir="ltr" value={stage.en} onInput={(v) => setStage({ ...stage, en: v })} />
            <TextField label={t('jr.position')} name="stage-position" type="number" value={stage.position} onInput={(v) => setStage({ ...stage, position: v })} />
            <button type="submit">{t('common.save')}</button>
          </form>
        )}
      </Card>
      <Card title={t('jr.touchpoints')}>
        <table class="table" data-testid="touchpoint-list"><thead><tr><th>{t('jr.key')}</th><th>{t('common.name')}</th><th>{t('filter.channel')}</th><th>{t('jr.stage')}</th><th>{t('jr.owner')}</th></tr></thead>
          <tbody>{(touchpoints.data ?? []).map((x) => (
            <tr class="clickable" onClick={() => setTp({ key: x.key, fa: x.name?.fa ?? '', en: x.name?.en ?? '', channel: x.channel, stage: x.stage, owner: x.owner })}>
              <td dir="ltr"><code>{x.key}</code></td><td dir="auto">{localized(x.name, x.key)}</td><td>{x.channel}</td><td>{x.stage}</td><td dir="auto">{x.owner}</td></tr>
          ))}</tbody></table>
        {may && (
          <form class="row" onSubmit={act(() => send('post', '/api/v1/orgs/{org}/touchpoints', { org: org.id }, { key: tp.key, name: { fa: tp.fa, en: tp.en }, channel: tp.channel, stage: tp.stage, owner: tp.owner }), touchpoints.reload)}>
            <TextField label={t('jr.key')} name="tp-key" dir="ltr" value={tp.key} onInput={(v) => setTp({ ...tp, key: v })} required />
            <TextField label={t('lang.fa')} name="tp-fa" dir="rtl" value={tp.fa} onInput={(v) => setTp({ ...tp, fa: v })} />
            <TextField label={t('lang.en')} name="tp-en" dir="ltr" value={tp.en} onInput={(v) => setTp({ ...tp, en: v })} />
            <TextField label={t('filter.channel')} name="tp-channel" dir="ltr" value={tp.channel} onInput={(v) => setTp({ ...tp, channel: v })} />
            <Select label={t('jr.stage')} value={tp.stage} onChange={(v) => setTp({ ...tp, stage: v })} options={[{ value: '', label: '—' }, ...(stages.data ?? []).map((s) => ({ value: s.key, label: localized(s.name, s.key) }))]} />
            <TextField label={t('jr.owner')} name="tp-owner" value={tp.owner} onInput={(v) => setTp({ ...tp, owner: v })} />
            <button type="submit">{t('common.save')}</button>
          </form>
        )}
      </Card>
      <Card title={t('jr.attributes')}>
        <ul>{(attributes.data ?? []).map((a) => <li><code dir="ltr">{a.name}</code> · {t(`jr.type.${a.type}`)}{a.choices ? ' (' + a.choices.join(', ') + ')' : ''}</li>)}</ul>
        {may && (
          <form class="row" onSubmit={act(() => send('post', '/api/v1/orgs/{org}/contact-attributes', { org: org.id }, { name: attr.name, type: attr.type, ...(attr.type === 'choice' ? { choices: attr.choices.split(',').map((c) => c.trim()).filter(Boolean) } : {}) }), attributes.reload)}>
            <TextField label={t('common.name')} name="attr-name" dir="ltr" value={attr.name} onInput={(v) => setAttr({ ...attr, name: v })} required />
            <Select label={t('builder.type')} value={attr.type} onChange={(v) => setAttr({ ...attr, type: v })} options={ATTRIBUTE_TYPES.map((x) => ({ value: x, label: t(`jr.type.${x}`) }))} />
            {attr.type === 'choice' && <TextField label={t('builder.choices')} name="attr-choices" value={attr.choices} onInput={(v) => setAttr({ ...attr, choices: v })} />}
            <button type="submit">{t('common.add')}</button>
          </form>
        )}
      </Card>
    </div>
  );
}
