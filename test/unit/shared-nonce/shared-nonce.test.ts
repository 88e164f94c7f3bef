// Issue 18, shared digest nonces: every node of a site derives the nonce key from the same
// SECRETS_KEY, so a nonce one node issued is accepted by another (a phone whose REGISTER
// refresh reaches another node behind Kamailio needs no new challenge), while a node of
// another site (another key) and a tampered nonce are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../../../server/db/secret-box.js';
import { NonceStore } from '../../../server/sip/nonce-store.js';

const purpose = 'sip digest nonces';

test('nodes sharing SECRETS_KEY accept each other\'s nonces; another key does not', { timeout: 10_000 }, () => {
  const key = randomBytes(32);
  const nodeA = new NonceStore({ ttlSec: 60, secret: new SecretBox(key).derive(purpose) });
  const nodeB = new NonceStore({ ttlSec: 60, secret: new SecretBox(Buffer.from(key)).derive(purpose) });
  const otherSite = new NonceStore({ ttlSec: 60, secret: SecretBox.ephemeral().derive(purpose) });
  const nonce = nodeA.issue();
  assert.equal(nodeB.check(nonce), 'valid');
  assert.equal(otherSite.check(nonce), 'invalid');
  const tampered = `${nonce.slice(0, -2)}${nonce.endsWith('AA') ? 'AB' : 'AA'}`;
  assert.equal(nodeB.check(tampered), 'invalid');
});

test('the derived key depends on the purpose and is not the sealing key', { timeout: 10_000 }, () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);
  assert.notDeepEqual(box.derive(purpose), box.derive('something else'));
  assert.notDeepEqual(box.derive(purpose), key);
  assert.equal(box.derive(purpose).length, 32);
});
