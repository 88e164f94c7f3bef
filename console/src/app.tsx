// The admin console: sign-in (the same /api/auth/login as the agent desktop; admins only),
// then one page a resource, chosen in the navigation (the URL's #/<resource>, so the back
// button and a reload keep the place), and sign-out.
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorLine } from '../../softphone/src/ui/error-line.js';
import { Field } from '../../softphone/src/ui/field.js';
import { ConsoleApi, errorText, type SignedIn } from './api.js';
import { Lookups } from './lookups.js';
import { ResourcePage } from './page.js';
import { resources } from './resources.js';
import { Schemas } from './schema.js';

const api = new ConsoleApi('/api');
const schemas = new Schemas(api);
const lookups = new Lookups(api);
const pages = resources(lookups);

function SignIn({ onSignedIn }: { onSignedIn: (s: SignedIn) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setError('');
    try {
      const signed = await api.login(username, password);
      if (signed.user.role !== 'admin') {
        await api.logout();
        setError(`The console is for admins; ${signed.user.username} is ${signed.user.role === 'agent' ? 'an agent' : `a ${signed.user.role}`}. Agents work in the agent desktop at /softphone/.`);
        return;
      }
      onSignedIn(signed);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form id="login" class="login" onSubmit={(e) => void submit(e)}>
      <h1>Switchboard admin console</h1>
      <Field label="Username"><input id="username" autoComplete="username" autoFocus value={username} onInput={(e) => setUsername(e.currentTarget.value)} /></Field>
      <Field label="Password"><input id="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} /></Field>
      <button type="submit" id="login-button" class="go">Sign in</button>
      <ErrorLine id="login-error" text={error} />
    </form>
  );
}

const current = (): string => window.location.hash.replace(/^#\/?/, '') || 'trunks';

function Console({ user, onSignOut }: { user: SignedIn['user']; onSignOut: () => void }) {
  const [path, setPath] = useState(current);
  useEffect(() => {
    const onHash = (): void => setPath(current());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const config = useMemo(() => pages.find((p) => p.path === path) ?? pages[0], [path]);
  return (
    <>
      <header class="top">
        <h1>Switchboard admin</h1>
        <nav aria-label="Resources">
          <ul>
            {pages.map((p) => <li key={p.path}><a href={`#/${p.path}`} aria-current={p === config ? 'page' : undefined}>{p.title}</a></li>)}
          </ul>
        </nav>
        <span class="who">{user.display_name ?? user.username}</span>
        <button type="button" id="sign-out" onClick={onSignOut}>Sign out</button>
      </header>
      <main>{config ? <ResourcePage config={config} api={api} schemas={schemas} lookups={lookups} /> : null}</main>
      <footer class="dim">IVR flows (a visual editor) and the audit log come next; until then IVR flows are edited through the API.</footer>
    </>
  );
}

function App() {
  const [user, setUser] = useState<SignedIn['user'] | null>(null);
  if (!user) return <main class="narrow"><SignIn onSignedIn={(s) => setUser(s.user)} /></main>;
  return <Console user={user} onSignOut={() => void api.logout().then(() => setUser(null))} />;
}

const root = document.getElementById('app');
if (root) render(<App />, root);
