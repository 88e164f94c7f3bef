// Debian's linphonec 5.1.65 as a real desk phone for tests, the same shape as baresip.ts: a
// private rc file and HOME per instance (linphone will not open its SIP ports unless its
// database directory exists), driven through stdin commands (call, answer, pause, resume,
// terminate, a digit line sends DTMF), log level 5 on stdout so SIP messages and registration
// states are in log(). Sound in file mode: `play` loops the microphone file, `record` writes
// what it hears; converted to `recordFile` (8 kHz mono) when the call closes. DTMF as SIP INFO
// (`use_info`) or RFC 4733; TLS with a CA (`root_ca`) verifies the certificate by name.
import type { TestContext } from 'node:test';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';
import { ClientProcess, commandClient, sleep, type SipClient, type SipClientEvent, type SipClientOptions } from './sip-client.js';

export type { SipClient, SipClientOptions, SipClientEvent } from './sip-client.js';

const run = promisify(execFile);
const PLAY_SECONDS = 300;

/** Codecs linphone enables by default: listed disabled unless asked for, so `codecs` is exact. */
const DEFAULT_CODECS: [string, number, number][] = [['opus', 48000, 2], ['SILK', 16000, 1], ['speex', 16000, 1], ['speex', 8000, 1], ['PCMU', 8000, 1], ['PCMA', 8000, 1], ['G729', 8000, 1], ['G722', 8000, 1]];

function parseEvent(line: string): SipClientEvent | undefined {
  if (/to \[LinphoneRegistrationOk\]/.test(line)) return 'registered';
  if (/to \[LinphoneRegistrationFailed\]/.test(line)) return 'registerFailed';
  if (/Receiving new incoming call from/.test(line)) return 'incoming';
  if (/Call \d+ with .* connected\./.test(line)) return 'established';
  if (/Call \d+ with .* (ended \(|error\.)/.test(line)) return 'closed';
  return undefined;
}

function codecSections(codecs: string[] | undefined): string[] {
  if (!codecs?.length) return [];
  const byName = (n: string): [string, number, number] => DEFAULT_CODECS.find(([m]) => m.toLowerCase() === n.toLowerCase()) ?? [n, 8000, 1];
  const wanted = codecs.map(byName);
  const rest = DEFAULT_CODECS.filter(([m, r]) => !wanted.some(([w, wr]) => w === m && wr === r));
  return [...wanted.map((c) => [...c, 1] as const), ...rest.map((c) => [...c, 0] as const)]
    .map(([mime, rate, channels, enabled], i) => `[audio_codec_${i}]\nmime=${mime}\nrate=${rate}\nchannels=${channels}\nenabled=${enabled}\n`);
}

async function rcFile(o: SipClientOptions): Promise<string> {
  const host = o.serverName ?? o.server.host;
  const sipPort = await freePort();
  const port = (t: SipClientOptions['server']['transport']): number => (o.server.transport === t ? sipPort : 0);
  const lines = [
    '[sip]',
    `sip_port=${port('udp')}`, `sip_tcp_port=${port('tcp')}`, `sip_tls_port=${port('tls')}`,
    ...(o.localAddress ? [`bind_address=${o.localAddress}`] : []),
    'default_proxy=0',
    'register_only_when_network_is_up=0', 'register_only_when_upnp_is_ok=0', 'use_ipv6=0',
    `use_info=${o.dtmf === 'info' ? 1 : 0}`, `use_rfc2833=${o.dtmf === 'info' ? 0 : 1}`,
    `media_encryption=${o.srtp && o.srtp !== 'off' ? 'srtp' : 'none'}`,
    `media_encryption_mandatory=${o.srtp === 'mandatory' ? 1 : 0}`,
    ...(o.caFile ? [`root_ca=${o.caFile}`, 'verify_server_certs=1', 'verify_server_cn=1'] : ['verify_server_certs=0', 'verify_server_cn=0']),
    'inc_timeout=60',
    '[rtp]', 'audio_rtp_port=30000-39999',
    '[sound]', 'echocancellation=0',
    '[video]', 'display=0', 'capture=0', 'automatically_initiate=0', 'automatically_accept=0',
    '[misc]', ...(o.instanceId ? [`uuid=${o.instanceId.replace(/^urn:uuid:/i, '')}`] : []),
    '[proxy_0]',
    `reg_proxy=<sip:${host}:${o.server.port};transport=${o.server.transport}>`,
    `reg_identity=sip:${o.user}@${host}`,
    `reg_expires=${o.expiresSeconds ?? 600}`,
    `reg_sendregister=${o.register === false ? 0 : 1}`,
    '[auth_info_0]', `username=${o.user}`, `passwd=${o.password}`,
  ];
  return `${lines.join('\n')}\n${codecSections(o.codecs).join('')}`;
}

export async function startLinphone(t: TestContext, opts: SipClientOptions): Promise<SipClient> {
  const dir = mkdtempSync(join(tmpdir(), `sb-linphone-${opts.name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, '.local', 'share', 'linphone'), { recursive: true });
  const rc = join(dir, 'linphonerc');
  writeFileSync(rc, await rcFile(opts));
  const heard = join(dir, 'heard.wav');
  let mic: string | undefined;
  if (opts.playFile) {
    mic = join(dir, 'mic.wav');
    const once = join(dir, 'mic-once.wav');
    await run('sox', [opts.playFile, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', once]);
    const { stdout } = await run('soxi', ['-D', once]);
    const repeats = Math.max(1, Math.ceil(PLAY_SECONDS / Math.max(0.1, Number(stdout.trim()))));
    await run('sox', [once, mic, 'repeat', String(repeats - 1)]);
  }

  const saveRecording = async (): Promise<void> => {
    if (!opts.recordFile) return;
    await sleep(300);
    if (existsSync(heard)) await run('sox', [heard, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', opts.recordFile]);
  };
  const proc = new ClientProcess(t, opts.name, 'linphonec', ['-d', '5', '-c', rc], parseEvent, {
    ...(opts.netns ? { netns: opts.netns } : {}),
    cwd: dir,
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), XDG_DATA_HOME: join(dir, '.local', 'share') },
    onEvent: async (e) => { if (e === 'closed') await saveRecording(); },
  });
  const command = (line: string): void => proc.write(`${line}\n`);
  command('soundcard use files');
  if (mic) command(`play ${mic}`);
  command(`record ${heard}`);

  return commandClient(opts.name, proc, {
    dial: (uri) => `call ${uri}`, answer: 'answer', hold: 'pause', resume: 'resume', dtmf: (d) => d, transfer: (uri) => `transfer ${uri}`,
    attendedTransfer: (first, second) => `transfer ${first} --to-call ${second}`, hangup: 'terminate',
  });
}
