// The registrar as a process of its own, for the benchmark: connects to an engine's admin port,
// opens the database, serves REGISTER, prints "ready". Usage: registrar-app.js <adminPort> <databaseUrl> <realm>
import Srf from 'drachtio-srf';
import pino from 'pino';
import { createRepositories, openDatabase } from '../../../server/db/index.js';
import { installRegistrar } from '../../../server/sip/registrar.js';

const [adminPort, url, realm] = process.argv.slice(2);
if (!adminPort || !url || !realm) throw new Error('usage: registrar-app.js <adminPort> <databaseUrl> <realm>');
const { db } = await openDatabase({ url, maxConnections: 8 });
const srf = new Srf();
srf.on('error', (err) => process.stderr.write(`srf error: ${err.message}\n`));
srf.on('connect', () => process.stdout.write('ready\n'));
installRegistrar(srf, { repos: createRepositories(db, { sipRealm: realm }), logger: pino({ level: 'warn' }), realm });
process.on('SIGTERM', () => process.exit(0));
void srf.connect({ host: '127.0.0.1', port: Number(adminPort), secret: 'cymru' });
