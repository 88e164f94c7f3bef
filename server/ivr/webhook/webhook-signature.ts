// The signature of a webhook request: the scheme of the center's event webhooks (docs/events.md),
// so a receiver checks both the same way —
//   X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">
// One function for both: it lives here because server/ivr depends on media/ and
// server/validation only (ARCHITECTURE.md), and server/api may import from server/ivr.
import { createHmac } from 'node:crypto';

export function signature(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}
