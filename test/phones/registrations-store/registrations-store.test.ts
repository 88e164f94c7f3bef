// The registrations repository on both databases: several contacts per AOR with their own
// expiry, a stale (reordered) REGISTER does not overwrite a newer binding, unbinding one or
// all, and expired bindings are invisible at once and removed by the sweep.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { registrationsRepository } from '../../../server/db/registrations.repository.js';
import type { ContactBinding } from '../../../server/db/registrations.types.js';
import { describeEachDatabase } from '../../db/test-databases.js';

const AOR = 'sip:alice@switchboard.test';

function binding(contact: string, over: Partial<ContactBinding> = {}): ContactBinding {
  return {
    aor: AOR, username: 'alice', contact, transport: 'udp', sourceAddress: '192.0.2.10', sourcePort: 5060,
    userAgent: 'test', callId: 'c1', cseq: 1, expiresSeconds: 600, ...over,
  };
}

describeEachDatabase('registrations repository', (get) => {
  it('keeps several contacts per AOR and lists them with their expiry', async () => {
    const repo = registrationsRepository(get().db);
    await repo.bind(AOR, [binding('sip:alice@192.0.2.10:5060')]);
    const both = await repo.bind(AOR, [binding('sip:x@abc.invalid;transport=ws', { transport: 'ws', callId: 'c2', expiresSeconds: 300 })]);
    assert.deepEqual(both.map((c) => c.contact).sort(), ['sip:alice@192.0.2.10:5060', 'sip:x@abc.invalid;transport=ws']);
    assert.ok(both.every((c) => c.expires > 0 && c.expires <= 600));
    assert.equal(both.find((c) => c.contact.includes('invalid'))?.expires, 300);
  });

  it('ignores a REGISTER older than the stored binding (same Call-ID, lower CSeq)', async () => {
    const repo = registrationsRepository(get().db);
    await repo.bind(AOR, [binding('sip:alice@192.0.2.10:5060', { cseq: 5, sourcePort: 5062 })]);
    await repo.bind(AOR, [binding('sip:alice@192.0.2.10:5060', { cseq: 4, sourcePort: 5099 })]);
    const row = (await repo.live(AOR)).find((r) => r.contact === 'sip:alice@192.0.2.10:5060');
    assert.equal(row?.source_port, 5062);
  });

  it('unbinds one contact or all', async () => {
    const repo = registrationsRepository(get().db);
    assert.equal(await repo.unbind(AOR, ['sip:alice@192.0.2.10:5060']), 1);
    assert.deepEqual((await repo.current(AOR)).map((c) => c.contact), ['sip:x@abc.invalid;transport=ws']);
    assert.equal(await repo.unbindAll(AOR), 1);
    assert.deepEqual(await repo.current(AOR), []);
  });

  it('hides expired bindings at once and sweeps them', async () => {
    const repo = registrationsRepository(get().db);
    await repo.bind(AOR, [binding('sip:alice@192.0.2.10:5060', { expiresSeconds: 1 })]);
    await new Promise((r) => setTimeout(r, 1100));
    assert.deepEqual(await repo.current(AOR), []);
    assert.deepEqual(await repo.live(AOR), []);
    assert.equal((await repo.sweep()).length, 1);
    assert.equal((await repo.sweep()).length, 0);
  });
});
