// The bar over the phone: the agent's name, the SIP registration (a live status pill) and
// sign out.
import { Pill } from '../ui/pill.js';
import type { RegistrationStatus } from '../phone-types.js';
import { useDesk, useSoftphone } from './context.js';

const REGISTRATION_TEXT: Record<RegistrationStatus, string> = {
  connecting: 'Connecting…', registered: 'Registered', unregistered: 'Not registered', failed: 'Registration failed',
};

export function TopBar() {
  const sp = useSoftphone();
  const name = useDesk((s) => s.agentName);
  const { status, detail } = useDesk((s) => s.registration);
  return (
    <header class="bar">
      <span id="agent-name" class="agent">{name}</span>
      <Pill id="registration" role="status" aria-live="polite" data-status={status}>
        {detail ? `${REGISTRATION_TEXT[status]}: ${detail}` : REGISTRATION_TEXT[status]}
      </Pill>
      <button id="logout" type="button" onClick={() => void sp.signOut()}>Sign out</button>
    </header>
  );
}
