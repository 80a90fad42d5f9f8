// Sharing a survey: its links (one per channel), each with hidden fields filled into the
// address, a QR code and the embed snippets, all with copy buttons.
import { useState } from 'preact/hooks';
import { send, type Schemas } from '../../lib/api';
import type { Org } from '../../lib/session';
import { Card, CopyButton, ErrorBox, TextField } from '../../ui/components';
import { t } from './messages';

export function linkWithHidden(url: string, hidden: Record<string, string>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(hidden)) if (v.trim()) q.set(k, v.trim());
  const s = q.toString();
  return s ? `${url}${url.includes('?') ? '&' : '?'}${s}` : url;
}

function LinkCard({ link, hiddenFields }: { link: Schemas['SurveyLink']; hiddenFields: string[] }) {
  const [hidden, setHidden] = useState<Record<string, string>>({});
  const url = linkWithHidden(link.url, hidden);
  return (
    <Card title={<span dir="auto">{link.name} · {link.channel}</span>} testid={'link-' + link.id}>
      <div class="share">
        <div class="share-main">
          <label class="field"><span>{t('share.url')}</span>
            <div class="copyrow"><input readOnly dir="ltr" value={url} data-testid="link-url" onFocus={(e) => (e.target as HTMLInputElement).select()} /><CopyButton text={url} testid="copy-url" /></div></label>
          {hiddenFields.length > 0 && (
            <fieldset><legend>{t('share.hidden')}</legend>
              <div class="row">{hiddenFields.map((h) => <TextField label={h} name={'h-' + h} dir="auto" value={hidden[h] ?? ''} onInput={(v) => setHidden({ ...hidden, [h]: v })} />)}</div>
            </fieldset>
          )}
          {/* No snippet when the server cannot make one for its address (an invalid public URL). */}
          {link.embed.script !== null && <label class="field"><span>{t('share.embedScript')}</span>
            <div class="copyrow"><textarea readOnly dir="ltr" rows={3} value={link.embed.script} /><CopyButton text={link.embed.script} /></div></label>}
          {link.embed.iframe !== null && <label class="field"><span>{t('share.embedIframe')}</span>
            <div class="copyrow"><textarea readOnly dir="ltr" rows={2} value={link.embed.iframe} /><CopyButton text={link.embed.iframe} /></div></label>}
        </div>
        <figure class="qr"><img src={`/s/${link.token}/qr.svg`} width={160} height={160} alt={t('share.qr')} data-testid="qr" /><figcaption><a href={`/s/${link.token}/qr.svg`} download={`survey-${link.token}.svg`}>{t('share.qr')}</a></figcaption></figure>
      </div>
    </Card>
  );
}

export function Share({ org, survey }: { org: Org; survey: Schemas['Survey'] }) {
  const [links, setLinks] = useState(survey.links);
  const [name, setName] = useState('');
  const [channel, setChannel] = useState('web');
  const [error, setError] = useState<unknown>(null);
  return (
    <div>
      {survey.status !== 'published' && <p class="notice">{t('share.notPublished')}</p>}
      <Card title={t('share.newLink')}>
        <form class="row" onSubmit={async (e) => {
          e.preventDefault();
          try { const l = await send('post', '/api/v1/orgs/{org}/surveys/{survey}/links', { org: org.id, survey: survey.id }, { name, channel }); setLinks([...links, l]); setName(''); } catch (err) { setError(err); }
        }}>
          <TextField label={t('common.name')} name="link-name" value={name} onInput={setName} required />
          <TextField label={t('share.channel')} name="link-channel" dir="ltr" value={channel} onInput={setChannel} />
          <button type="submit">{t('common.add')}</button>
        </form>
        <ErrorBox error={error} />
      </Card>
      {links.map((l) => <LinkCard link={l} hiddenFields={survey.definition.hidden_fields ?? []} />)}
    </div>
  );
}
