// Agent sign-in: username and password against the API. Kept in the page (hidden) while the
// agent is signed in, so the browser's password manager and the fields' values stay put.
import { useEffect, useState } from 'preact/hooks';
import { ErrorLine } from '../ui/error-line.js';
import { Field } from '../ui/field.js';
import { useDesk, useSoftphone } from './context.js';

export function LoginForm({ hidden }: { hidden: boolean }) {
  const sp = useSoftphone();
  const login = useDesk((s) => s.login);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // The autofocus attribute does nothing for a form rendered after the page loaded.
  useEffect(() => sp.focus.move('username'), [sp]);
  const submit = (e: Event): void => {
    e.preventDefault();
    void sp.signIn(username.trim(), password).then(() => {
      if (sp.store.get().signedIn) setPassword('');
    });
  };
  return (
    <form id="login" aria-labelledby="login-title" autocomplete="on" hidden={hidden} onSubmit={submit}>
      <h2 id="login-title">Agent sign-in</h2>
      <Field label="Username">
        <input id="username" name="username" autocomplete="username" required ref={sp.focus.target('username')}
          value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
      </Field>
      <Field label="Password">
        <input id="password" name="password" type="password" autocomplete="current-password" required
          value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </Field>
      <button id="login-button" type="submit" disabled={login.busy}>Sign in</button>
      <ErrorLine id="login-error" text={login.error} />
    </form>
  );
}
