// Child process for the connection-flood test: opens `count` raw TCP connections from
// `address` to `port` (in batches, so the listen backlog is not the limit) and prints, as one
// JSON line, how many milliseconds each stayed open. Run apart from the center so its
// sockets do not count in the center's memory.
//   node connection-flooder.js <port> <address> <count>
import { rawConnect, type RawConnection } from './raw-connection.js';

const [port = '0', address = '127.0.0.5', count = '3000'] = process.argv.slice(2);
const conns: RawConnection[] = [];
for (let i = 0; i < Number(count); i += 200) {
  for (let j = i; j < Math.min(Number(count), i + 200); j++) conns.push(rawConnect(Number(port), address));
  await new Promise((r) => setTimeout(r, 20));
}
const lifetimes = await Promise.all(conns.map((c) => c.closed));
process.stdout.write(`${JSON.stringify(lifetimes)}\n`);
