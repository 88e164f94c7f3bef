// The Via header (RFC 3261 §20.42, RFC 3581): sent-by, transport and the branch, received
// and rport parameters that transaction matching and response routing depend on.
import { randomBytes } from 'node:crypto';

export interface Via {
  transport: string;
  host: string;
  port?: number;
  params: Map<string, string | null>;
}

export const magicCookie = 'z9hG4bK';

export function parseVia(value: string): Via | null {
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+(\[[0-9a-fA-F:.]+\]|[^\s:;]+)(?:\s*:\s*(\d{1,5}))?\s*((?:;.*)?)$/i.exec(value.trim());
  if (!m) return null;
  const params = new Map<string, string | null>();
  for (const p of (m[4] ?? '').split(';')) {
    const t = p.trim();
    if (!t) continue;
    const eq = t.indexOf('=');
    if (eq === -1) params.set(t.toLowerCase(), null);
    else params.set(t.slice(0, eq).trim().toLowerCase(), t.slice(eq + 1).trim());
  }
  return {
    transport: (m[1] ?? '').toUpperCase(),
    host: (m[2] ?? '').toLowerCase(),
    ...(m[3] ? { port: Number(m[3]) } : {}),
    params,
  };
}

export function formatVia(via: Via): string {
  let out = `SIP/2.0/${via.transport} ${via.host}${via.port ? `:${via.port}` : ''}`;
  for (const [k, v] of via.params) out += v === null ? `;${k}` : `;${k}=${v}`;
  return out;
}

export function newBranch(): string {
  return magicCookie + randomBytes(9).toString('base64url');
}

/** Random token for tags and Call-IDs. */
export function randomToken(bytes = 8): string {
  return randomBytes(bytes).toString('base64url').replace(/[-_]/g, 'x');
}
