// The page: the sign-in form until the agent is signed in, then the phone view. Also the
// always-present remote audio element and the page's keyboard shortcuts.
import { useEffect } from 'preact/hooks';
import type { Softphone } from '../softphone.js';
import { SoftphoneContext, useDesk, useSoftphone } from './context.js';
import { LoginForm } from './login-form.js';
import { PhoneView } from './phone-view.js';

export function AppView({ softphone }: { softphone: Softphone }) {
  return (
    <SoftphoneContext.Provider value={softphone}>
      <Page />
    </SoftphoneContext.Provider>
  );
}

function Page() {
  const sp = useSoftphone();
  const signedIn = useDesk((s) => s.signedIn);
  useEffect(() => {
    document.addEventListener('keydown', sp.onKeyDown);
    return () => document.removeEventListener('keydown', sp.onKeyDown);
  }, [sp]);
  return (
    <main>
      <h1>Switchboard</h1>
      <LoginForm hidden={signedIn} />
      {signedIn ? <PhoneView /> : null}
      <audio id="remote-audio" autoplay ref={sp.remoteAudio} />
    </main>
  );
}
