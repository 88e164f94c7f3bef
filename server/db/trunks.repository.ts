// Trunks (carriers). IP-auth trunks are matched by source address against allowed_cidrs.
// A registration trunk's password must be readable (we answer the carrier's challenge with
// it), so it is stored sealed (secret-box.ts) and opened only by registerPassword(), when it
// is used; the API never returns it. Values written before sealing existed are sealed at
// start (sealPlaintextPasswords).
import type { Kysely } from 'kysely';
import { crudRepository } from './crud-repository.js';
import type { Database, NewRow, Row, RowPatch } from './database.types.js';
import { SecretBox } from './secret-box.js';

const purpose = 'trunks.register_password';

export function trunksRepository(db: Kysely<Database>, box: SecretBox) {
  const crud = crudRepository(db, 'trunks', { touch: true });
  const seal = (password: string | null | undefined) => (password === null || password === undefined ? password : box.seal(password, purpose));
  return {
    ...crud,
    async create(values: NewRow<'trunks'>): Promise<Row<'trunks'>> {
      const sealed = seal(values.register_password);
      return crud.create({ ...values, ...(sealed === undefined ? {} : { register_password: sealed }) });
    },
    async update(id: string, patch: RowPatch<'trunks'>): Promise<Row<'trunks'> | undefined> {
      const sealed = seal(patch.register_password);
      return crud.update(id, { ...patch, ...(sealed === undefined ? {} : { register_password: sealed }) });
    },
    /** Enabled trunks, for the SIP app to match sources and to register. */
    async listEnabled(): Promise<Row<'trunks'>[]> {
      return db.selectFrom('trunks').selectAll().where('enabled', '=', true).orderBy('name').execute();
    },
    /** The plain registration password of a trunk row, for answering the carrier's challenge. */
    registerPassword(trunk: Pick<Row<'trunks'>, 'register_password'>): string | null {
      return trunk.register_password === null ? null : box.open(trunk.register_password, purpose);
    },
    /** Seals passwords stored in clear by older versions; returns how many. */
    async sealPlaintextPasswords(): Promise<number> {
      const rows = await db.selectFrom('trunks').select(['id', 'register_password']).where('register_password', 'is not', null).execute();
      let sealed = 0;
      for (const row of rows) {
        if (row.register_password === null || SecretBox.isSealed(row.register_password)) continue;
        await db.updateTable('trunks').set({ register_password: box.seal(row.register_password, purpose) }).where('id', '=', row.id).execute();
        sealed += 1;
      }
      return sealed;
    },
  };
}
