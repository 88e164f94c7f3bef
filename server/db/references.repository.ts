// Who still uses a provisioning row: the IVR flows (any node of their current version), the
// numbers (destination, trunk), the queues (overflow destination, music, announcement,
// schedule) and the memberships that name it. The database cannot enforce these (destinations
// and flow nodes are JSON), so the API asks here before a delete and refuses with 409.
import { sql, type Kysely } from 'kysely';
import type { Database, IvrNode } from './database.types.js';

export type ReferencedKind = 'queue' | 'schedule' | 'prompt' | 'ivr' | 'agent' | 'trunk';

/** One thing that refers to the row: what it is, its id and name, and where the reference sits. */
export interface Reference { kind: 'ivr-flow' | 'number' | 'queue'; id: string; name: string; via: string }

/** Every prompt_id anywhere in a node (prompt objects nest: prompt, invalid_prompt, …). */
function promptIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(promptIds);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'prompt_id' && typeof v === 'string' ? [v] : promptIds(v)));
}

function nodeRefers(node: IvrNode, kind: ReferencedKind, id: string, name: string): boolean {
  switch (kind) {
    // The queue verb names its queue by id or by name.
    case 'queue': return node.verb === 'queue' && (node.queue === id || node.queue === name);
    case 'schedule': return node.schedule_id === id;
    case 'prompt': return promptIds(node).includes(id);
    default: return false;
  }
}

export function referencesRepository(db: Kysely<Database>) {
  const destinationIs = (column: 'destination' | 'overflow_destination', value: object) => sql<boolean>`${sql.ref(column)} @> ${JSON.stringify(value)}::jsonb`;

  async function flows(kind: ReferencedKind, id: string, name: string): Promise<Reference[]> {
    if (kind !== 'queue' && kind !== 'schedule' && kind !== 'prompt') return [];
    const rows = await db.selectFrom('ivr_flows').innerJoin('ivr_flow_versions', (j) => j.onRef('ivr_flow_versions.flow_id', '=', 'ivr_flows.id').onRef('ivr_flow_versions.version', '=', 'ivr_flows.current_version'))
      .select(['ivr_flows.id', 'ivr_flows.name', 'ivr_flow_versions.definition']).orderBy('ivr_flows.name').execute();
    // Node names sorted: jsonb keeps object keys in an order of its own, not as written.
    return rows.flatMap((f) => Object.entries(f.definition.nodes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .filter(([, node]) => nodeRefers(node, kind, id, name))
      .map(([nodeName]) => ({ kind: 'ivr-flow' as const, id: f.id, name: f.name, via: `node ${nodeName}` })));
  }

  async function numbers(kind: ReferencedKind, id: string, extension: string | undefined): Promise<Reference[]> {
    let query = db.selectFrom('numbers').select(['id', 'e164', 'trunk_id']).orderBy('e164');
    if (kind === 'trunk') query = query.where('trunk_id', '=', id);
    else if (kind === 'ivr' || kind === 'queue' || kind === 'agent') {
      query = query.where((eb) => eb.or([
        destinationIs('destination', { type: kind, id }),
        ...(extension !== undefined ? [destinationIs('destination', { type: 'extension', extension })] : []),
      ]));
    } else return [];
    const rows = await query.execute();
    return rows.map((n) => ({ kind: 'number', id: n.id, name: n.e164, via: kind === 'trunk' ? 'trunk' : 'destination' }));
  }

  async function queues(kind: ReferencedKind, id: string, extension: string | undefined): Promise<Reference[]> {
    const rows = await db.selectFrom('queues').select(['id', 'name', 'overflow_destination', 'music_prompt_id', 'announcement_prompt_id', 'schedule_id']).orderBy('name').execute();
    const out: Reference[] = [];
    for (const q of rows) {
      if (kind === 'queue' && q.id === id) continue;
      const d = q.overflow_destination;
      if ((d && d.type === kind && d.id === id) || (kind === 'agent' && d?.type === 'extension' && d.extension === extension)) out.push({ kind: 'queue', id: q.id, name: q.name, via: 'overflow destination' });
      if (kind === 'prompt' && q.music_prompt_id === id) out.push({ kind: 'queue', id: q.id, name: q.name, via: 'music' });
      if (kind === 'prompt' && q.announcement_prompt_id === id) out.push({ kind: 'queue', id: q.id, name: q.name, via: 'announcement' });
      if (kind === 'schedule' && q.schedule_id === id) out.push({ kind: 'queue', id: q.id, name: q.name, via: 'schedule' });
    }
    if (kind === 'agent') {
      const memberOf = await db.selectFrom('queue_members').innerJoin('queues', 'queues.id', 'queue_members.queue_id')
        .select(['queues.id', 'queues.name']).where('queue_members.agent_id', '=', id).orderBy('queues.name').execute();
      out.push(...memberOf.map((q) => ({ kind: 'queue' as const, id: q.id, name: q.name, via: 'member' })));
    }
    return out;
  }

  return {
    /** What refers to this row; `name` is its name (IVR queue nodes may use it), `extension` an agent's. */
    async to(kind: ReferencedKind, target: { id: string; name: string; extension?: string }): Promise<Reference[]> {
      const { id, name, extension } = target;
      return [...await flows(kind, id, name), ...await numbers(kind, id, extension), ...await queues(kind, id, extension)];
    },
  };
}
