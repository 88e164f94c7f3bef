// A home router in a box for NAT tests: a network namespace `sb-nat-<n>` joined to the host by
// a veth pair on 10.250.<n>.0/30, whose outgoing UDP and TCP is MASQUERADEd to ports
// 40000-40999 (so a phone's source port never equals its Contact port) and whose firewall, like
// a real NAT's, drops every packet from outside that is not a reply on a mapping. A request sent
// to a phone's Contact is dropped; only one sent to the address its traffic came from arrives.
// Per-port rules count what was let through and what was dropped. Everything is deleted in
// t.after, also when the test fails; nothing outside the pair and the namespace is touched.
import type { TestContext } from 'node:test';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PortCounts {
  /** Packets to the port that were replies on a NAT mapping (delivered to the phone). */
  delivered: number;
  /** Packets to the port that were not (sent to the Contact/SDP address itself): dropped. */
  dropped: number;
}

export interface NatBox {
  ns: string;
  /** The center's address on the host end of the veth. */
  hostIp: string;
  /** The phone's (private) address inside the namespace. */
  phoneIp: string;
  /** Counts packets reaching `port` inside the namespace from now on (udp or tcp). */
  watch(port: number, proto?: 'udp' | 'tcp'): Promise<void>;
  counts(port: number, proto?: 'udp' | 'tcp'): Promise<PortCounts>;
  /** Packets from outside the NAT dropped on any port not watched (not replies on a mapping). */
  droppedElsewhere(): Promise<number>;
  /** The NAT's live UDP mappings (conntrack), as `private port -> public port`. */
  mappings(): Promise<Map<number, number>>;
  /** How long the NAT keeps an idle UDP mapping (conntrack's timeouts, per namespace). */
  udpTimeout(seconds: number): Promise<void>;
  /** Spawns a program inside the namespace; it is killed in t.after if still running. */
  spawn(cmd: string, args: string[], opts?: { cwd?: string }): ChildProcess;
}

async function sh(args: string[]): Promise<string> {
  const { stdout } = await run(args[0] ?? '', args.slice(1));
  return stdout;
}

async function freeSubnet(): Promise<number> {
  const [addrs, spaces] = [await sh(['ip', '-br', 'addr']), await sh(['ip', 'netns', 'list'])];
  for (let i = 0; i < 50; i++) {
    const n = 1 + Math.floor(Math.random() * 250);
    if (!addrs.includes(`10.250.${n}.`) && !spaces.split('\n').some((l) => l.split(' ')[0] === `sb-nat-${n}`)) return n;
  }
  throw new Error('no free 10.250.<n>.0/30 subnet for the NAT namespace');
}

export async function natNamespace(t: TestContext): Promise<NatBox> {
  const n = await freeSubnet();
  const ns = `sb-nat-${n}`;
  const [outer, inner] = [`sbnat${n}h`, `sbnat${n}n`];
  const hostIp = `10.250.${n}.1`;
  const phoneIp = `10.250.${n}.2`;
  const children: ChildProcess[] = [];
  t.after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await sh(['ip', 'netns', 'del', ns]).catch(() => undefined);
    await sh(['ip', 'link', 'del', outer]).catch(() => undefined); // gone with the namespace, unless it was never moved
  });
  const inNs = (args: string[]): Promise<string> => sh(['ip', 'netns', 'exec', ns, ...args]);
  await sh(['ip', 'netns', 'add', ns]);
  await sh(['ip', 'link', 'add', outer, 'type', 'veth', 'peer', 'name', inner]);
  await sh(['ip', 'link', 'set', inner, 'netns', ns]);
  await sh(['ip', 'addr', 'add', `${hostIp}/30`, 'dev', outer]);
  await sh(['ip', 'link', 'set', outer, 'up']);
  await inNs(['ip', 'addr', 'add', `${phoneIp}/30`, 'dev', inner]);
  await inNs(['ip', 'link', 'set', inner, 'up']);
  await inNs(['ip', 'link', 'set', 'lo', 'up']);
  for (const proto of ['udp', 'tcp']) {
    await inNs(['iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', inner, '-p', proto, '-j', 'MASQUERADE', '--to-ports', '40000-40999']);
  }
  await inNs(['iptables', '-A', 'INPUT', '-i', inner, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT']);
  await inNs(['iptables', '-A', 'INPUT', '-i', inner, '-j', 'DROP']);

  const tag = (kind: string, port: number, proto: string): string => `sb-${kind}-${proto}-${port}`;
  return {
    ns, hostIp, phoneIp,
    async watch(port, proto = 'udp') {
      // Inserted above the generic rules so their counters are this port's alone.
      const base = ['-i', inner, '-p', proto, '--dport', String(port)];
      await inNs(['iptables', '-I', 'INPUT', '1', ...base, '-m', 'conntrack', '!', '--ctstate', 'ESTABLISHED,RELATED', '-m', 'comment', '--comment', tag('dropped', port, proto), '-j', 'DROP']);
      await inNs(['iptables', '-I', 'INPUT', '1', ...base, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-m', 'comment', '--comment', tag('delivered', port, proto), '-j', 'ACCEPT']);
    },
    async counts(port, proto = 'udp') {
      const table = await inNs(['iptables', '-L', 'INPUT', '-v', '-x', '-n']);
      const count = (kind: string): number => {
        const line = table.split('\n').find((l) => l.includes(`/* ${tag(kind, port, proto)} */`));
        return Number(line?.trim().split(/\s+/)[0] ?? 0);
      };
      return { delivered: count('delivered'), dropped: count('dropped') };
    },
    async droppedElsewhere() {
      const table = await inNs(['iptables', '-L', 'INPUT', '-v', '-x', '-n']);
      const line = table.split('\n').find((l) => /\sDROP\s/.test(l) && !l.includes('/*'));
      return Number(line?.trim().split(/\s+/)[0] ?? 0);
    },
    async mappings() {
      // conntrack -L is not installed; /proc's table is read through the namespace.
      const text = await inNs(['cat', '/proc/net/nf_conntrack']).catch(() => '');
      const map = new Map<number, number>();
      for (const line of text.split('\n')) {
        if (!line.includes(' udp ') && !line.includes(' tcp ')) continue;
        const sports = [...line.matchAll(/sport=(\d+)/g)].map((m) => Number(m[1]));
        const dports = [...line.matchAll(/dport=(\d+)/g)].map((m) => Number(m[1]));
        const [orig, reply] = [sports[0], dports[1]];
        if (orig !== undefined && reply !== undefined && orig !== reply) map.set(orig, reply);
      }
      return map;
    },
    async udpTimeout(seconds) {
      await inNs(['sysctl', '-q', '-w', `net.netfilter.nf_conntrack_udp_timeout=${seconds}`, `net.netfilter.nf_conntrack_udp_timeout_stream=${seconds}`]);
    },
    spawn(cmd, args, opts = {}) {
      const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(opts.cwd ? { cwd: opts.cwd } : {}) });
      children.push(child);
      return child;
    },
  };
}
