// Transactions isolate on both kinds. PGlite is a single session, so its dialect must make a
// concurrent query wait for a transaction instead of running inside it and seeing rows that
// are then rolled back.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('transactions', (get) => {
  it('roll back on error, and a concurrent query never sees the rolled-back row', async () => {
    const { db } = get();
    const count = async () => Number((await db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => { inserted = resolve; });
    const failing = db.transaction().execute(async (trx) => {
      await trx.insertInto('contacts').values({ phone_number: '+15550100', name: 'ghost' }).execute();
      inserted();
      await sleep(100);
      throw new Error('abort');
    });
    await insertedYet;
    const seenMeanwhile = await count();
    await assert.rejects(failing, /abort/);
    assert.equal(seenMeanwhile, 0);
    assert.equal(await count(), 0);
  });

  it('commit what succeeds', async () => {
    const { db } = get();
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('contacts').values({ phone_number: '+15550101', name: 'kept' }).execute();
    });
    const row = await db.selectFrom('contacts').select('name').where('phone_number', '=', '+15550101').executeTakeFirst();
    assert.equal(row?.name, 'kept');
  });
});
