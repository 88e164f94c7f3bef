// /api/agent-accounts — an agent and the user who signs in as it, in one step (one
// transaction: both or neither), as an admin onboards a new hire; and the same for a CSV of
// many. Passwords the admin does not choose are generated and returned in this one reply
// only: the sign-in password and the SIP password (for a desk phone; the browser gets
// per-session credentials). Also: reset a user's sign-in password or an agent's SIP password,
// again shown once (a reset signs the user out everywhere).
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { ApiContext } from '../api-context.js';
import { ApiError, badRequest, conflict, notFound } from '../http/api-error.js';
import { omitKeys } from '../http/audit-log.js';
import { publicUser } from '../http/auth.js';
import { idParams } from '../http/crud-routes.js';
import { createRepositories } from '../../db/repositories.js';
import type { Database } from '../../db/database.types.js';
import { newPassword } from '../../db/secrets.js';
import { email, extension, name, password, sipUser, skills, uuid, username } from '../validation/fields.js';
import { s, validate, type Issue, type ObjectOf } from '../../validation/schema.js';
import { agentView, showAgent } from './agents.routes.js';
import { userView } from './users.routes.js';

const accountInput = s.object({
  name: name(),
  username: username(),
  extension: extension(),
  email: email().nullable().optional(),
  password: password().optional().describe('the sign-in password; generated (and returned once) when absent'),
  sip_username: sipUser().optional().describe('the desk phone\'s SIP user; the extension when absent'),
  sip_password: password().optional().describe('generated (and returned once) when absent'),
  skills: skills().optional(),
  queue_ids: s.array(uuid(), { maxItems: 50 }).optional().describe('queues the agent joins as a member'),
  wrap_up_seconds: s.integer({ min: 0, max: 3600 }).optional(),
});
type AccountInput = ObjectOf<typeof accountInput.shape>;

const createdView = s.object({
  user: userView, agent: agentView,
  password: s.string().nullable().describe('the generated sign-in password, shown only in this reply (null: the admin chose it)'),
  sip_password: s.string().nullable().describe('the generated SIP password, shown only in this reply (null: the admin chose it)'),
});

/** CSV columns: name, username, extension are required; skills as `spanish:4;english:5`, queues as ids separated by `;`. */
const csvColumns = ['name', 'username', 'extension', 'email', 'sip_username', 'skills', 'queue_ids', 'wrap_up_seconds'] as const;
const MAX_ROWS = 1000;

export function agentAccountsRoutes({ routes, db, repos, sipRealm }: ApiContext): void {
  const tag = 'agents';
  routes.add(['admin'], {
    method: 'post', path: '/agent-accounts', tag, summary: 'Create an agent and its sign-in user in one step; generated passwords are shown once', body: accountInput, status: 201, response: createdView,
    audit: { resource: 'agent', action: 'create-with-user', after: (_i, r) => omitKeys(r, 'password', 'sip_password'), id: (_i, r) => (r as { agent: { id: string } }).agent.id },
  }, async ({ body }) => {
    await checkQueues(repos, [body], (i) => `body.queue_ids.${i}`);
    const [created] = await createAccounts(db, sipRealm, [body], (field) => `body.${field}`);
    return created;
  });

  routes.add(['admin'], {
    method: 'post', path: '/agent-accounts/import', tag,
    summary: `Create many agents from a CSV (text/csv; a header row naming columns of: ${csvColumns.join(', ')}); all rows or none`,
    upload: { types: ['text/csv'], limit: '1mb' }, status: 201, response: s.object({ items: s.array(createdView) }),
    audit: { resource: 'agent', action: 'import', after: (_i, r) => ({ items: (r as { items: unknown[] }).items.map((x) => omitKeys(x, 'password', 'sip_password')) }), id: () => null },
  }, async ({ req }) => {
    if (req.get('content-type')?.split(';')[0]?.trim().toLowerCase() !== 'text/csv') throw new ApiError(415, 'send the file as text/csv');
    const rows = parseAccountsCsv(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
    await checkQueues(repos, rows, (i, row) => `rows.${row}.queue_ids.${i}`);
    return { items: await createAccounts(db, sipRealm, rows, (field, row) => `rows.${row}.${field}`) };
  });

  routes.add(['admin'], {
    method: 'post', path: '/users/:id/reset-password', tag: 'users', summary: 'Give a user a new generated sign-in password (shown once); signs them out everywhere',
    params: idParams, response: s.object({ password: s.string() }),
    audit: { resource: 'user', action: 'reset-password', after: () => null },
  }, async ({ params }) => {
    const generated = newPassword();
    if (!(await repos.users.update(params.id, { password: generated }))) throw notFound('user');
    return { password: generated };
  });

  routes.add(['admin'], {
    method: 'post', path: '/agents/:id/reset-sip-password', tag, summary: 'Give an agent a new generated SIP password for its desk phone (shown once)',
    params: idParams, response: s.object({ sip_password: s.string() }),
    audit: { resource: 'agent', action: 'reset-sip-password', after: () => null },
  }, async ({ params }) => {
    const agent = await repos.agents.get(params.id);
    if (!agent) throw notFound('agent');
    const generated = newPassword();
    await repos.agents.update(agent.id, { sip_username: agent.sip_username, sip_password: generated });
    return { sip_password: generated };
  });
}

/** Every named queue exists (before anything is written). */
async function checkQueues(repos: ApiContext['repos'], rows: AccountInput[], path: (i: number, row: number) => string): Promise<void> {
  const issues: Issue[] = [];
  for (const [row, input] of rows.entries()) {
    for (const [i, id] of (input.queue_ids ?? []).entries()) if (!(await repos.queues.get(id))) issues.push({ path: path(i, row + 1), message: 'no queue with this id' });
  }
  if (issues.length) throw badRequest(issues);
}

/**
 * Creates each account (user, agent, memberships) in one transaction. A username, extension
 * or SIP user already taken — by a row of the database or an earlier row of the same batch —
 * is a 409 naming the row and field, and nothing is created.
 */
async function createAccounts(db: Kysely<Database>, sipRealm: string, rows: AccountInput[], path: (field: string, row: number) => string) {
  const seen = new Map<string, number>();
  for (const [i, row] of rows.entries()) {
    for (const [field, value] of [['username', row.username], ['extension', row.extension], ['sip_username', row.sip_username ?? row.extension]] as const) {
      const key = `${field}:${value}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) throw conflict(`${field} ${value} is in the file twice`, [{ path: path(field, i + 1), message: `is also on row ${earlier}` }]);
      seen.set(key, i + 1);
    }
  }
  return db.transaction().execute(async (trx) => {
    const tx = createRepositories(trx, { sipRealm });
    const created = [];
    for (const [i, row] of rows.entries()) {
      const taken = async (field: 'username' | 'extension' | 'sip_username', exists: boolean) => {
        if (exists) throw conflict(`${field} is already in use`, [{ path: path(field, i + 1), message: 'is already in use' }]);
      };
      const sipUsername = row.sip_username ?? row.extension;
      await taken('username', !!(await trx.selectFrom('users').select('id').where('username', '=', row.username).executeTakeFirst()));
      await taken('extension', !!(await trx.selectFrom('agents').select('id').where('extension', '=', row.extension).executeTakeFirst()));
      await taken('sip_username', !!(await trx.selectFrom('agents').select('id').where('sip_username', '=', sipUsername).executeTakeFirst()));
      const signIn = row.password ?? newPassword();
      const sip = row.sip_password ?? newPassword();
      const user = await tx.users.create({ username: row.username, display_name: row.name, email: row.email ?? null, role: 'agent', password: signIn });
      const agent = await tx.agents.create({
        name: row.name, user_id: user.id, extension: row.extension, sip_username: sipUsername, sip_password: sip,
        ...(row.skills ? { skills: row.skills } : {}), ...(row.wrap_up_seconds !== undefined ? { wrap_up_seconds: row.wrap_up_seconds } : {}),
      });
      for (const queueId of row.queue_ids ?? []) await tx.queues.addMember(queueId, { agent_id: agent.id });
      created.push({ user: publicUser(user), agent: showAgent(agent), password: row.password ? null : signIn, sip_password: row.sip_password ? null : sip });
    }
    return created;
  });
}

/** The CSV's rows as account inputs; every problem of every row at once, as `rows.<n>.<field>` (row 1 is the first after the header). */
export function parseAccountsCsv(text: string): AccountInput[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, max_record_size: 10_000 }) as Record<string, string>[];
  } catch (err) {
    throw badRequest([{ path: 'body', message: err instanceof CsvError ? `not a readable CSV: ${err.message}` : 'not a readable CSV' }]);
  }
  if (records.length === 0) throw badRequest([{ path: 'body', message: 'has no rows after the header' }]);
  if (records.length > MAX_ROWS) throw badRequest([{ path: 'body', message: `has more than ${MAX_ROWS} rows` }]);
  const unknown = Object.keys(records[0] ?? {}).filter((c) => !(csvColumns as readonly string[]).includes(c));
  if (unknown.length) throw badRequest([{ path: 'body', message: `unknown column ${unknown.join(', ')}; the columns are ${csvColumns.join(', ')}` }]);
  const issues: Issue[] = [];
  const rows: AccountInput[] = [];
  for (const [i, record] of records.entries()) {
    const result = validate(accountInput, csvRecord(record), { coerce: true });
    if (result.ok) rows.push(result.value);
    else issues.push(...result.issues.map((issue) => ({ path: `rows.${i + 1}${issue.path ? `.${issue.path}` : ''}`, message: issue.message })));
  }
  if (issues.length) throw badRequest(issues);
  return rows;
}

/** A CSV record as the JSON body it stands for: empty cells absent, skills and queues split. */
function csvRecord(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(record)) {
    if (value === '') continue;
    if (column === 'skills') {
      out.skills = value.split(';').map((pair) => {
        const [skill = '', level = ''] = pair.split(':').map((x) => x.trim());
        return { skill, proficiency: Number(level) };
      });
    } else if (column === 'queue_ids') out.queue_ids = value.split(';').map((q) => q.trim());
    else out[column] = value;
  }
  return out;
}
