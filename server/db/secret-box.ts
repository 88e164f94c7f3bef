// Secrets we must be able to read back (a trunk's registration password: we answer the
// carrier's challenge with it) are stored sealed with AES-256-GCM, so that a copy of the
// database alone does not give them away. The key comes from SECRETS_KEY (64 hex digits or
// base64 of 32 bytes) or, when unset, from `<data dir>/secrets.key`, generated 0600 on first
// start. Sealed values read `sb1:<base64url of iv | tag | ciphertext>`.
//   const box = loadSecretBox({ configured: process.env.SECRETS_KEY, dataDir: '.data' });
//   const sealed = box.seal('pw', 'trunks.register_password'); box.open(sealed, 'trunks.register_password')
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const prefix = 'sb1:';
const ivBytes = 12;
const tagBytes = 16;

export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the secrets key must be 32 bytes');
    this.key = Buffer.from(key);
  }

  /** A key that lives as long as the process: for in-memory databases and tests only. */
  static ephemeral(): SecretBox {
    return new SecretBox(randomBytes(32));
  }

  /**
   * A key for another purpose (e.g. the SIP digest nonces' HMAC), derived from this one with
   * HKDF: every node given the same SECRETS_KEY derives the same key, and the derived key says
   * nothing about the sealing key.
   */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `switchboard ${purpose}`, 32));
  }

  static isSealed(value: string): boolean {
    return value.startsWith(prefix);
  }

  /** `purpose` is bound in as associated data: a value sealed for one column opens in no other. */
  seal(plain: string, purpose: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return prefix + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** Throws when the value was sealed with another key or altered. */
  open(sealed: string, purpose: string): string {
    if (!SecretBox.isSealed(sealed)) throw new Error('value is not sealed');
    const raw = Buffer.from(sealed.slice(prefix.length), 'base64url');
    if (raw.length < ivBytes + tagBytes) throw new Error('sealed value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, ivBytes));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(raw.subarray(ivBytes, ivBytes + tagBytes));
    try {
      return Buffer.concat([decipher.update(raw.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('sealed value does not open with this key (SECRETS_KEY changed?)');
    }
  }
}

function parseKey(text: string, what: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error(`${what} must be 32 bytes: 64 hex digits or base64`);
  return key;
}

/** The configured key, else the data folder's key file (created 0600 when absent). */
export function loadSecretBox(opts: { configured?: string | undefined; dataDir: string }): SecretBox {
  if (opts.configured) return new SecretBox(parseKey(opts.configured, 'SECRETS_KEY'));
  const file = join(opts.dataDir, 'secrets.key');
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx': never overwrite a key another start wrote, or every sealed value would be lost.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return new SecretBox(parseKey(readFileSync(file, 'utf8'), file));
}
