// Debian's baresip 1.0.0 as a real desk phone for tests: a private config dir per instance
// (`-f <dir>`), driven through its stdio menu (works inside a network namespace, no control
// socket to reach), SIP trace on (`-s`) so the log shows every message. The microphone is a
// looped copy of `playFile` (aufile), what it hears is dumped by the sndfile filter and
// converted to `recordFile` (8 kHz mono) when the call closes. baresip 1.0.0 sends DTMF only
// as RFC 4733 (it receives INFO, it cannot send it): asking for 'info' throws.
import type { TestContext } from 'node:test';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ClientProcess, commandClient, sleep, type SipClient, type SipClientEvent, type SipClientOptions } from './sip-client.js';

export type { SipClient, SipClientOptions, SipClientEvent } from './sip-client.js';

const run = promisify(execFile);
/** The microphone's rate; baresip resamples to the codec's. */
const SOURCE_RATE = 16000;
/** How long the looped microphone file lasts (aufile ends the call at end of file). */
const PLAY_SECONDS = 300;

const MENC: Record<NonNullable<SipClientOptions['srtp']>, string> = { off: '', optional: 'srtp', mandatory: 'srtp-mand' };

function parseEvent(line: string): SipClientEvent | undefined {
  if (/\{\d+\/\w+\/v\d\} 200 OK .*\[\d+ binding/.test(line)) return 'registered';
  if (/reg: .*: (Register: |[3-6]\d\d )/.test(line) || /\{\d+\/\w+\/v\d\} [3-6]\d\d /.test(line)) return 'registerFailed';
  if (/Incoming call from:/.test(line)) return 'incoming';
  if (/Call established:/.test(line)) return 'established';
  if (/Call with .* terminated \(duration|session closed/.test(line)) return 'closed';
  return undefined;
}

function accountLine(o: SipClientOptions): string {
  const host = o.serverName ?? o.server.host;
  const params = [
    `auth_pass=${o.password}`,
    `regint=${o.register === false ? 0 : o.expiresSeconds ?? 600}`,
    'answermode=manual',
    ...(o.srtp && o.srtp !== 'off' ? [`mediaenc=${MENC[o.srtp]}`] : []),
    ...(o.codecs?.length ? [`audio_codecs=${o.codecs.join(',')}`] : []),
  ];
  return `<sip:${o.user}@${host}:${o.server.port};transport=${o.server.transport}>;${params.join(';')}\n`;
}

function config(o: SipClientOptions, dir: string, source: string): string {
  const listen = o.localAddress ?? (o.netns ? undefined : '127.0.0.1');
  const lines = [
    'poll_method epoll',
    ...(listen ? [`sip_listen ${listen}:0`] : []),
    ...(o.caFile ? [`sip_cafile ${o.caFile}`] : []),
    'call_local_timeout 120',
    'audio_player alsa,null',
    'audio_alert alsa,null',
    `audio_source ${source}`,
    `ausrc_srate ${SOURCE_RATE}`, `auplay_srate ${SOURCE_RATE}`,
    'ausrc_channels 1', 'auplay_channels 1',
    'statmode_default off',
    `snd_path ${dir}`,
    'module_path /usr/lib/baresip/modules',
    ...['stdio', 'g711', 'g722', 'opus', 'aufile', 'alsa', 'sndfile', ...(o.srtp && o.srtp !== 'off' ? ['srtp'] : [])].map((m) => `module ${m}.so`),
    'module_tmp uuid.so',
    'module_tmp account.so',
    'module_app menu.so',
  ];
  return `${lines.join('\n')}\n`;
}

/** The newest sndfile dump of received audio in `dir`. */
function latestDecodeDump(dir: string): string | undefined {
  const dumps = readdirSync(dir).filter((f) => f.startsWith('dump-') && f.endsWith('-dec.wav'));
  return dumps.map((f) => join(dir, f)).sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs).at(-1);
}

export async function startBaresip(t: TestContext, opts: SipClientOptions): Promise<SipClient> {
  if (opts.dtmf === 'info') throw new Error('baresip 1.0.0 cannot send SIP INFO DTMF; use linphone for dtmf: info');
  const dir = mkdtempSync(join(tmpdir(), `sb-baresip-${opts.name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The microphone: the given file, or silence (baresip sends RFC 4733 digits only while its
  // audio source runs, and alsa's null capture does not). aufile wants the source rate
  // exactly, mono S16LE; looped for the client's whole life.
  const mic = join(dir, 'mic.wav');
  const once = join(dir, 'mic-once.wav');
  {
    const input = opts.playFile ? [opts.playFile] : ['-n'];
    const silence = opts.playFile ? [] : ['trim', '0', '1'];
    await run('sox', [...input, '-r', String(SOURCE_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', once, ...silence]);
    const { stdout } = await run('soxi', ['-D', once]);
    const repeats = Math.max(1, Math.ceil(PLAY_SECONDS / Math.max(0.1, Number(stdout.trim()))));
    await run('sox', [once, mic, 'repeat', String(repeats - 1)]);
  }
  if (opts.instanceId) writeFileSync(join(dir, 'uuid'), opts.instanceId.replace(/^urn:uuid:/i, ''));
  writeFileSync(join(dir, 'accounts'), accountLine(opts));
  writeFileSync(join(dir, 'config'), config(opts, dir, `aufile,${mic}`));

  const saveRecording = async (): Promise<void> => {
    if (!opts.recordFile) return;
    // The filter closes its dump when the call is torn down, just after the log line.
    await sleep(300);
    const dump = latestDecodeDump(dir);
    if (dump) await run('sox', [dump, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', opts.recordFile]);
  };
  const proc = new ClientProcess(t, opts.name, 'baresip', ['-s', '-f', dir], parseEvent, {
    ...(opts.netns ? { netns: opts.netns } : {}),
    cwd: dir,
    onEvent: async (e) => { if (e === 'closed') await saveRecording(); },
  });
  return commandClient(opts.name, proc, {
    dial: (uri) => `/dial ${uri}`, answer: '/accept', hold: '/hold', resume: '/resume', dtmf: (d) => `/sndcode ${d}`, transfer: (uri) => `/transfer ${uri}`, hangup: '/hangup',
  });
}
