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
import { ClientProcess, sleep, type SipClient, type SipClientEvent, type SipClientOptions } from './sip-client.js';

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
    `regint=${o.register === false ? 0 : 600}`,
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
  let source = 'alsa,null';
  if (opts.playFile) {
    const mic = join(dir, 'mic.wav');
    // aufile wants the source rate exactly, mono S16LE; loop it for the client's whole life.
    const once = join(dir, 'mic-once.wav');
    await run('sox', [opts.playFile, '-r', String(SOURCE_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', once]);
    const { stdout } = await run('soxi', ['-D', once]);
    const repeats = Math.max(1, Math.ceil(PLAY_SECONDS / Math.max(0.1, Number(stdout.trim()))));
    await run('sox', [once, mic, 'repeat', String(repeats - 1)]);
    source = `aufile,${mic}`;
  }
  if (opts.instanceId) writeFileSync(join(dir, 'uuid'), `${opts.instanceId.replace(/^urn:uuid:/i, '')}\n`);
  writeFileSync(join(dir, 'accounts'), accountLine(opts));
  writeFileSync(join(dir, 'config'), config(opts, dir, source));

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
  const command = (line: string): void => proc.write(`${line}\n`);

  const client: SipClient = {
    name: opts.name,
    pid: proc.pid,
    async registered(timeoutMs = 10_000) {
      const first = await proc.waitFirst(['registered', 'registerFailed'], timeoutMs);
      if (first.name === 'registerFailed') throw new Error(`${opts.name}: registration failed: ${first.line}\n${proc.log().slice(-4000)}`);
    },
    async dial(uri) {
      command(`/dial ${uri}`);
      await sleep(50);
    },
    async answerNext(timeoutMs = 15_000) {
      await proc.waitEvent('incoming', timeoutMs);
      command('/accept');
      await proc.waitEvent('established', 5000);
    },
    waitEvent: (name, timeoutMs) => proc.waitEvent(name, timeoutMs),
    eventTimes: (name) => proc.eventTimes(name),
    async hold() {
      command('/hold');
      await sleep(300);
    },
    async resume() {
      command('/resume');
      await sleep(300);
    },
    async sendDtmf(digits) {
      for (const d of digits) {
        command(`/sndcode ${d}`);
        await sleep(300);
      }
    },
    async hangup() {
      command('/hangup');
      await proc.waitEvent('closed', 5000);
    },
    stop: () => proc.stop(),
    log: () => proc.log(),
  };
  return client;
}
