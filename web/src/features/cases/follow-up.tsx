// Writing to the case's customer: an e-mail in Persian or English through the outbox, with the
// standard text when the subject or body is left empty ({{case}}, {{title}}, {{agent}},
// {{touchpoint}} and {{organisation}} filled in by the server). It counts as the first
// response; the history shows when it was written and when the mail server took it.
import { useState } from 'preact/hooks';
import { ApiError, send } from '../../lib/api';
import { Card, ErrorBox, FieldError } from '../../ui/components';
import { t } from './messages';

export function FollowUp({ orgId, caseId, onSent }: { orgId: number; caseId: number; onSent: () => void }) {
  const [f, setF] = useState({ language: document.documentElement.lang === 'en' ? 'en' : 'fa', subject: '', body: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const field = error instanceof ApiError ? error.field ?? '' : '';
  const msg = (name: string) => (field === name ? (error as ApiError).message : undefined);
  const set = (k: keyof typeof f) => (e: Event) => { setF({ ...f, [k]: (e.target as HTMLInputElement).value }); setSent(false); };
  return (
    <Card title={t('cs.followUp')} testid="follow-up">
      <form onSubmit={async (e) => {
        e.preventDefault();
        setError(null); setBusy(true);
        try {
          await send('post', '/api/v1/orgs/{org}/cases/{case}/follow-up', { org: orgId, case: caseId },
                     { language: f.language as 'fa' | 'en', ...(f.subject.trim() ? { subject: f.subject.trim() } : {}), ...(f.body.trim() ? { body: f.body.trim() } : {}) });
          setF({ ...f, subject: '', body: '' });
          setSent(true);
          onSent();
        } catch (err) { setError(err); } finally { setBusy(false); }
      }}>
        <label class="field inline"><span>{t('cs.followUpLanguage')}</span>
          <select name="language" value={f.language} onChange={set('language')} data-testid="follow-up-language">
            <option value="fa">فارسی</option><option value="en">English</option>
          </select></label>
        <label class={'field' + (msg('subject') ? ' invalid' : '')}><span>{t('cs.followUpSubject')}</span>
          <input name="subject" value={f.subject} onInput={set('subject')} dir={f.language === 'fa' ? 'rtl' : 'ltr'} placeholder={t('cs.followUpStandard')} />
          <FieldError message={msg('subject')} field="subject" /></label>
        <label class={'field' + (msg('body') ? ' invalid' : '')}><span>{t('cs.followUpBody')}</span>
          <textarea name="body" rows={4} value={f.body} onInput={set('body')} dir={f.language === 'fa' ? 'rtl' : 'ltr'} placeholder={t('cs.followUpStandard')} />
          <FieldError message={msg('body')} field="body" /></label>
        {!['subject', 'body'].includes(field) && <ErrorBox error={error} />}
        <div class="form-actions">
          <button type="submit" disabled={busy} data-testid="follow-up-send">{t('cs.followUpSend')}</button>
          {sent && <span class="ok" data-testid="follow-up-sent"> {t('cs.followUpQueued')}</span>}
        </div>
      </form>
    </Card>
  );
}
