// A sip.js UserAgent in Node acting as the browser softphone: `ws` stands in for the browser
// WebSocket (accepting our self-signed certificate for WSS), plain SDP stands in for WebRTC.
// It authenticates with the HA1 only (authorizationHa1), as the softphone will.
import { createHash } from 'node:crypto';
import { WebSocket as NodeWebSocket, type ClientOptions } from 'ws';
import { Invitation, Registerer, RegistererState, SessionState, UserAgent, type Session } from 'sip.js';
import { plainSdpFactory } from './plain-sdp-handler.js';

/** The ws client with the browser's constructor shape; certificates are not checked (self-signed test CA). */
class TestWebSocket extends NodeWebSocket {
  constructor(url: string, protocols?: string | string[], options?: ClientOptions) {
    super(url, protocols, { ...options, rejectUnauthorized: false });
  }
}
(globalThis as { WebSocket?: unknown }).WebSocket = TestWebSocket;

export interface SipJsPhoneOptions {
  /** ws:// or wss:// URL of the engine. */
  server: string;
  user: string;
  password: string;
  realm: string;
  /** Digest username when it is not `user` (a browser session's SIP credentials, GET /api/me/sip). */
  authorizationUser?: string;
  /** Answer incoming calls after this many ms (default 0); `false` lets them ring. */
  answerAfterMs?: number | false;
  expires?: number;
}

export interface SipJsPhone {
  ua: UserAgent;
  registerer: Registerer;
  /** Incoming calls in arrival order. */
  invitations: Invitation[];
  /** Registers and resolves once the registrar said 200 (rejects on a final failure). */
  register(): Promise<void>;
  unregister(): Promise<void>;
  /** Closes the WebSocket without unregistering, as a browser tab that dies does. */
  dropConnection(): Promise<void>;
  /** Resolves with the next incoming call once it reaches `state`. */
  nextCall(state: SessionState, ms?: number): Promise<Invitation>;
  stop(): Promise<void>;
}

export async function startSipJsPhone(opts: SipJsPhoneOptions): Promise<SipJsPhone> {
  const invitations: Invitation[] = [];
  const waiters: (() => void)[] = [];
  const authUser = opts.authorizationUser ?? opts.user;
  const ha1 = createHash('md5').update(`${authUser}:${opts.realm}:${opts.password}`).digest('hex');
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${opts.user}@${opts.realm}`),
    transportOptions: { server: opts.server, traceSip: Boolean(process.env.PHONE_TRACE) },
    authorizationUsername: authUser,
    authorizationHa1: ha1,
    sessionDescriptionHandlerFactory: plainSdpFactory,
    logBuiltinEnabled: Boolean(process.env.PHONE_TRACE),
    reconnectionAttempts: 0,
    delegate: {
      onInvite(invitation) {
        invitations.push(invitation);
        invitation.stateChange.addListener(() => waiters.forEach((w) => w()));
        waiters.forEach((w) => w());
        if (opts.answerAfterMs === false) return;
        setTimeout(() => {
          if (invitation.state === SessionState.Initial) invitation.accept().catch(() => undefined);
        }, opts.answerAfterMs ?? 0);
      },
    },
  });
  await ua.start();
  const registerer = new Registerer(ua, { expires: opts.expires ?? 600 });
  let seen = 0;

  const waitRegState = (want: RegistererState, send: () => Promise<unknown>): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`registerer did not reach ${want}`)), 5000);
      const listener = (s: RegistererState): void => {
        if (s !== want) return;
        clearTimeout(timer);
        registerer.stateChange.removeListener(listener);
        resolve();
      };
      registerer.stateChange.addListener(listener);
      send().catch((err: unknown) => { clearTimeout(timer); reject(err instanceof Error ? err : new Error(String(err))); });
    });

  return {
    ua, registerer, invitations,
    register: () => waitRegState(RegistererState.Registered, () => registerer.register()),
    unregister: () => waitRegState(RegistererState.Unregistered, () => registerer.unregister()),
    dropConnection: () => ua.transport.disconnect(),
    nextCall(state, ms = 5000) {
      const index = seen++;
      return new Promise<Invitation>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`call ${index} did not reach ${state}`)), ms);
        const check = (): void => {
          const inv = invitations[index];
          if (!inv || inv.state !== state) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve(inv);
        };
        waiters.push(check);
        check();
      });
    },
    async stop() {
      // ua.stop() waits for the server to answer its unregister and BYEs; never longer than 2 s
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([ua.stop().catch(() => undefined), new Promise((r) => { timer = setTimeout(r, 2000); })]);
      clearTimeout(timer);
      await ua.transport.disconnect().catch(() => undefined);
    },
  };
}

/** Hangs up an established session from the phone's side. */
export async function hangUp(session: Session): Promise<void> {
  if (session.state === SessionState.Established) await session.bye();
}
