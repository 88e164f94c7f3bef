// Everything we keep instead of a secret: scrypt hashes of user passwords, SHA-256 of API
// tokens (they are 256 random bits, a fast hash is enough), and digest HA1s of agents' SIP
// passwords, the only form a registrar needs (RFC 2617 MD5 and RFC 8760 SHA-256).
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scryptParams = { N: 16384, r: 8, p: 1, keylen: 32 };

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash`, parameters kept so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keylen } = scryptParams;
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, keylen, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(key, expected);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** HA1 = H(username:realm:password), in both algorithms a SIP phone may ask for. */
export function digestHa1(username: string, realm: string, password: string): { md5: string; sha256: string } {
  const a1 = `${username}:${realm}:${password}`;
  return { md5: createHash('md5').update(a1).digest('hex'), sha256: sha256Hex(a1) };
}

/** An API token: a recognisable prefix and 256 random bits. */
export function newToken(): string {
  return `sb_${randomBytes(32).toString('base64url')}`;
}

/** A password for the first admin when none is configured. */
export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}
