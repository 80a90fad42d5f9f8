// Invitations to join organisations that wait for the signed-in user's answer: shown above
// every page (and alone when the user belongs to no organisation yet).
import { useState } from 'preact/hooks';
import { href, navigate } from '../../lib/router';
import { answerInvitation, type Invitation } from '../../lib/session';
import { Card, ErrorBox } from '../../ui/components';
import { t } from './messages';

export function Invitations({ invitations }: { invitations: Invitation[] }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!invitations.length) return null;
  const answer = (i: Invitation, accept: boolean) => async () => {
    setError(null);
    setBusy(true);
    try {
      await answerInvitation(i.id, accept);
      if (accept) navigate(href(i.organisation.id, 'dashboard'));
    } catch (e) { setError(e); } finally { setBusy(false); }
  };
  return (
    <Card title={t('join.title')} testid="invitations">
      <ul class="invitations">
        {invitations.map((i) => (
          <li data-testid="invitation">
            <span dir="auto">{t('join.line', { org: i.organisation.name, role: t(`role.${i.role}`) })}</span>
            {i.invited_by && <span class="muted" dir="auto"> · {t('join.by', { name: `${i.invited_by.name} <${i.invited_by.email}>` })}</span>}
            <span class="actions">
              <button class="small" data-testid="invitation-accept" disabled={busy} onClick={answer(i, true)}>{t('join.accept')}</button>
              <button class="small secondary" data-testid="invitation-decline" disabled={busy} onClick={answer(i, false)}>{t('join.decline')}</button>
            </span>
          </li>
        ))}
      </ul>
      <ErrorBox error={error} />
    </Card>
  );
}
