// A delete that would leave something pointing at nothing is refused with 409, naming every
// referrer, e.g. `queue "sales" is used by IVR flow "main" (node menu1) and number +15550100`.
// details lists each referrer with its API path, so a client can link to it.
import type { Reference, ReferencedKind } from '../../db/references.repository.js';
import type { Repositories } from '../../db/repositories.js';
import { conflict } from './api-error.js';

const nouns: Record<ReferencedKind, string> = { queue: 'queue', schedule: 'schedule', prompt: 'prompt', ivr: 'IVR flow', agent: 'agent', trunk: 'trunk' };
const paths: Record<Reference['kind'], string> = { 'ivr-flow': '/ivr-flows', number: '/numbers', queue: '/queues' };

/** One phrase per referrer; the nodes of one flow are named together. */
function phrases(refs: Reference[]): { path: string; message: string }[] {
  const grouped = new Map<string, Reference[]>();
  for (const r of refs) grouped.set(`${r.kind}:${r.id}`, [...(grouped.get(`${r.kind}:${r.id}`) ?? []), r]);
  return [...grouped.values()].map((group) => {
    const [first] = group as [Reference];
    const path = `${paths[first.kind]}/${first.id}`;
    switch (first.kind) {
      case 'ivr-flow': {
        const nodes = group.map((r) => r.via.replace(/^node /, ''));
        return { path, message: `IVR flow "${first.name}" (node${nodes.length > 1 ? 's' : ''} ${nodes.join(', ')})` };
      }
      case 'number': return { path, message: `number ${first.name}${first.via === 'trunk' ? ' (its trunk)' : ''}` };
      case 'queue': return { path, message: `queue "${first.name}" (${group.map((r) => r.via).join(', ')})` };
    }
  });
}

const list = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`);

export async function refuseIfReferenced(repos: Repositories, kind: ReferencedKind, target: { id: string; name: string; extension?: string } | undefined): Promise<void> {
  if (!target) return; // the delete answers 404 itself
  const refs = await repos.references.to(kind, target);
  if (refs.length === 0) return;
  const details = phrases(refs);
  throw conflict(`${nouns[kind]} "${target.name}" is used by ${list(details.map((d) => d.message))}; change or delete those first`, details);
}
