// sipp as a phone behind the NAT box (test/helpers/nat-namespace.ts): it runs inside the
// namespace on the phone's private address, SIP on 5060 and RTP on 6000 (the namespace is the
// test's own, so fixed ports collide with nobody), sends a tone file as its RTP stream, and
// keeps a log of every message it received so a test can count BYEs and retransmissions.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { NatBox } from '../../helpers/nat-namespace.js';
import { repoRoot } from '../../sip/helpers/sipp.js';

export const PHONE_SIP_PORT = 5060;
export const PHONE_RTP_PORT = 6000;

export interface NatSippOptions {
  box: NatBox;
  /** Scenario file in test/phones/helpers/sipp/. */
  scenario: string;
  /** `host:port` of the center. */
  remote: string;
  service: string;
  timeoutSec: number;
  /** Frequency of the tone written to tone.wav in sipp's directory, which the scenario streams (PCMU). */
  toneHz?: number;
  /** Default udp; tcp keeps one connection for everything the process sends and receives. */
  transport?: 'udp' | 'tcp';
  extra?: string[];
}

export interface NatSippResult {
  code: number | null;
  output: string;
  /** Every message sipp received, as its -trace_msg log has them. */
  received: string[];
}

export interface NatSipp {
  done: Promise<NatSippResult>;
  /** Resolves once sipp listens on its SIP port (for a UAS). */
  listening(): Promise<void>;
}

export function startNatSipp(o: NatSippOptions): NatSipp {
  const dir = mkdtempSync(join(tmpdir(), 'sb-nat-sipp-'));
  const scenarioArgs = ['-sf', join(repoRoot(), 'test', 'phones', 'helpers', 'sipp', o.scenario)];
  if (o.toneHz) {
    execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'u-law', '-b', '8', join(dir, 'tone.wav'), 'synth', '60', 'sine', String(o.toneHz)]);
  }
  const args = [
    o.remote, ...scenarioArgs, '-t', o.transport === 'tcp' ? 't1' : 'u1', '-i', o.box.phoneIp, '-p', String(PHONE_SIP_PORT),
    '-mi', o.box.phoneIp, '-mp', String(PHONE_RTP_PORT), '-s', o.service, '-m', '1', '-l', '1',
    '-timeout', `${o.timeoutSec}s`, '-timeout_error', '-nostdin',
    '-trace_err', '-error_file', join(dir, 'errors.log'), '-trace_msg', '-message_file', join(dir, 'messages.log'),
    ...(o.extra ?? []),
  ];
  const child = o.box.spawn('sipp', args, { cwd: dir });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const killTimer = setTimeout(() => child.kill('SIGKILL'), (o.timeoutSec + 5) * 1000);
  const done = new Promise<NatSippResult>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(killTimer);
      const messages = existsSync(join(dir, 'messages.log')) ? readFileSync(join(dir, 'messages.log'), 'utf8') : '';
      const logs = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8').slice(-6000)}`).join('\n');
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, output: `sipp ${args.join(' ')}\n${out.split('\n').slice(-30).join('\n')}\n${logs}`, received: receivedMessages(messages) });
    });
  });
  let exited = false;
  void done.then(() => { exited = true; });
  return {
    done,
    async listening() {
      for (let i = 0; i < 200 && !exited; i++) {
        const table = execFileSync('ip', ['netns', 'exec', o.box.ns, 'ss', o.transport === 'tcp' ? '-ltn' : '-lun'], { encoding: 'utf8' });
        if (table.includes(`${o.box.phoneIp}:${PHONE_SIP_PORT}`)) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`sipp did not listen in ${o.box.ns}:\n${(await done).output}`);
    },
  };
}

/** The messages of sipp's -trace_msg log that it received (each block starts with a dashed header). */
function receivedMessages(log: string): string[] {
  return log.split(/^-{5,}.*$/m)
    .filter((block) => /^\s*\S+ message received/.test(block))
    .map((b) => b.replace(/^\s*\S+ message received \[\d+\] bytes :\s*/, '').trim());
}
