import { useState } from 'preact/hooks';
import { lang, setLang } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { signIn } from '../../lib/session';
import { ErrorBox, TextField } from '../../ui/components';
import { t } from './messages';

export function Login() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [, redraw] = useState(0);
  return (
    <main class="login">
      <form class="card" data-testid="login-form" onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await signIn(email, password);
          navigate('/', true);
        } catch (err) { setError(err); } finally { setBusy(false); }
      }}>
        <div class="login-head">
          <h1>{t('app')} <small>{lang() === 'fa' ? 'Nazar' : 'نظر'}</small></h1>
          <button type="button" class="link" onClick={() => { setLang(lang() === 'fa' ? 'en' : 'fa'); redraw((n) => n + 1); }}>{t('nav.language')}</button>
        </div>
        <p class="muted">{t('login.subtitle')}</p>
        <TextField label={t('login.email')} name="email" type="email" dir="ltr" value={email} onInput={setEmail} required autocomplete="username" />
        <TextField label={t('login.password')} name="password" type="password" dir="ltr" value={password} onInput={setPassword} required autocomplete="current-password" />
        <button type="submit" disabled={busy}>{t('login.submit')}</button>
        <ErrorBox error={error} />
      </form>
    </main>
  );
}
