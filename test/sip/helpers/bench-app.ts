// The minimal drachtio-srf apps of the SIP benchmark (test/bench/sip.bench.ts), run as their own
// process so that their CPU is measured apart from the engine's.
//   node bench-app.js uas <adminPort>                answers every INVITE
//   node bench-app.js b2bua <adminPort> <host:port>  bridges every INVITE to a far-end UAS
// Prints "ready" once connected to the engine.
import Srf from 'drachtio-srf';
import { APP_SDP } from './app-sdp.js';

const [mode, adminPort, farEnd] = process.argv.slice(2);
if ((mode !== 'uas' && mode !== 'b2bua') || !adminPort || (mode === 'b2bua' && !farEnd)) {
  console.error('usage: bench-app.js uas|b2bua <adminPort> [farEnd host:port]');
  process.exit(2);
}

const srf = new Srf();
srf.on('connect', () => console.log('ready'));
srf.on('error', (err) => console.error(`srf: ${err.message}`));
void srf.connect({ host: '127.0.0.1', port: Number(adminPort), secret: 'cymru' });

// Failures are the benchmark's measurement (sipp counts them), not the app's business.
const ignore = (): void => undefined;

if (mode === 'uas') {
  srf.invite((req, res) => { srf.createUAS(req, res, { localSdp: APP_SDP }).catch(ignore); });
} else {
  srf.invite((req, res) => {
    srf.createB2BUA(req, res, `sip:service@${farEnd}`, { localSdpB: req.body }).then(({ uas, uac }) => {
      uas.on('destroy', () => uac.destroy());
      uac.on('destroy', () => uas.destroy());
    }, ignore);
  });
}
