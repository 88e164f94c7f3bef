// The console: sign-in (the same /api/auth/login as the agent desktop; admins and
// supervisors), then one view at a time chosen in the navigation (the URL's #/<path>, so the
// back button and a reload keep the place), and sign-out. Admins see every view; supervisors
// the ones for supervising (views.tsx says which).
// The charts' library stylesheet, bundled by esbuild into dist/app.css (the CSP allows no injected styles).
import 'uplot/dist/uPlot.min.css';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorLine } from '../../softphone/src/ui/error-line.js';
import { Field } from '../../softphone/src/ui/field.js';
import { ConsoleApi, errorText, type SignedIn } from './api.js';
import { Lookups } from './lookups.js';
import { resources } from './resources.js';
import { Schemas } from './schema.js';
import { consoleViews, type ConsoleRole } from './views.js';

const api = new ConsoleApi('/api');
const schemas = new Schemas(api);
const lookups = new Lookups(api);
const views = consoleViews(resources(lookups));

function SignIn({ onSignedIn }: { onSignedIn: (s: SignedIn) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setError('');
    try {
      const signed = await api.login(username, password);
      if (signed.user.role !== 'admin' && signed.user.role !== 'supervisor') {
        await api.logout();
        setError(`The console is for admins and supervisors; ${signed.user.username} is ${signed.user.role === 'agent' ? 'an agent' : `a ${signed.user.role}`}. Agents work in the agent desktop at /softphone/.`);
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

const current = (): string => window.location.hash.replace(/^#\/?/, '');

function Console({ user, onSignOut }: { user: SignedIn['user']; onSignOut: () => void }) {
  const mine = useMemo(() => views.filter((v) => v.roles.includes(user.role as ConsoleRole)), [user.role]);
  const [path, setPath] = useState(current);
  useEffect(() => {
    const onHash = (): void => setPath(current());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const view = mine.find((v) => v.path === path || path.startsWith(`${v.path}/`)) ?? mine[0];
  const sub = view && path.startsWith(`${view.path}/`) ? path.slice(view.path.length + 1) : '';
  return (
    <>
      <header class="top">
        <h1>Switchboard {user.role === 'admin' ? 'admin' : 'supervisor'}</h1>
        <nav aria-label="Resources">
          <ul>
            {mine.map((v) => <li key={v.path}><a href={`#/${v.path}`} aria-current={v === view ? 'page' : undefined}>{v.title}</a></li>)}
          </ul>
        </nav>
        {/* display_name is empty when none was given (the column is NOT NULL DEFAULT ''). */}
        <span class="who">{user.display_name || user.username}</span>
        <button type="button" id="sign-out" onClick={onSignOut}>Sign out</button>
      </header>
      <main>{view ? view.render({ api, schemas, lookups, user, sub }) : null}</main>
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
