// /api/ivr-flows — IVR flows as JSON: named nodes, each a verb with its parameters, and a
// start node. The schema here checks that outline; what each verb accepts is server/ivr's to
// say, through the checkIvrFlow hook. Without the hook a basic check stands in: known verbs,
// and every jump (next, menu options, …) names a node. Changing the definition creates a
// new version; calls in progress keep theirs (GET …/versions/:version).
import type { ApiContext } from '../api-context.js';
import { badRequest, notFound } from '../http/api-error.js';
import { refuseIfReferenced } from '../http/references.js';
import { crudRoutes, idParams } from '../http/crud-routes.js';
import { rowView } from '../http/record-fields.js';
import type { IvrFlowDefinition } from '../../db/database.types.js';
import { name } from '../validation/fields.js';
import { s, type Issue } from '../../validation/schema.js';

const ivrVerbs = ['play', 'say', 'menu', 'gather', 'goto', 'queue', 'dial', 'hours', 'hangup', 'set', 'branch', 'webhook', 'voicemail', 'callback'] as const;

const nodeName = s.string({ pattern: /^[A-Za-z0-9_-]{1,64}$/, patternMessage: 'must be 1 to 64 letters, digits, _ or -' });

/** Node parameters that jump to another node: a node name, or a map of them (menu options). */
const jumpKeys = ['next', 'target', 'on_open', 'on_closed', 'on_timeout', 'on_invalid', 'on_failure', 'on_true', 'on_false', 'options'];

function basicFlowCheck(def: IvrFlowDefinition): Issue[] {
  const issues: Issue[] = [];
  for (const [nodeKey, node] of Object.entries(def.nodes)) {
    if (!(ivrVerbs as readonly string[]).includes(node.verb)) issues.push({ path: `nodes.${nodeKey}.verb`, message: `must be one of: ${ivrVerbs.join(', ')}` });
  }
  if (!(def.start in def.nodes)) issues.push({ path: 'start', message: 'must name a node' });
  for (const [nodeKey, node] of Object.entries(def.nodes)) {
    for (const key of jumpKeys) {
      const value = node[key];
      const targets = typeof value === 'string' ? [[key, value]] : typeof value === 'object' && value !== null ? Object.entries(value).map(([k, v]) => [`${key}.${k}`, v]) : [];
      for (const [path, target] of targets) {
        if (typeof target !== 'string' || !(target in def.nodes)) issues.push({ path: `nodes.${nodeKey}.${path}`, message: 'must name a node' });
      }
    }
  }
  return issues;
}

export const ivrDefinition = s.object({
  start: nodeName,
  nodes: s.record(s.object({ verb: s.string({ minLength: 1 }).describe('a verb of server/ivr: say, play, menu, queue, hangup, …') }, { open: true }), nodeName),
  voice: s.string({ pattern: /^[A-Za-z0-9_+-]{1,64}$/, patternMessage: 'must be a voice name (letters, digits, _ + -)' }).optional().describe('the default voice (language) of the flow\'s spoken text'),
});

const versionView = s.object({
  version: s.integer(),
  created_at: s.dateTime(),
  changed_by: s.string().nullable().describe('the username of the API change that wrote it (from the audit log); null when written outside the API'),
  action: s.string().nullable().describe('create or update'),
});

const versionParams = idParams.extend({ version: s.integer({ min: 1 }) });

export function ivrFlowsRoutes({ routes, repos, checkIvrFlow = basicFlowCheck, ivrFlowJsonSchema }: ApiContext): void {
  const tag = 'ivr-flows';
  // The outline is parsed here; the document shows every verb's fields when server/ivr gives them.
  const definition = ivrFlowJsonSchema ? ivrDefinition.documentedAs(ivrFlowJsonSchema()) : ivrDefinition;
  const flowInput = s.object({ name: name(), description: s.string({ maxLength: 1000 }).optional(), definition });
  // Admins only: a flow's webhook nodes hold the secrets their requests are signed with.
  const read = ['admin'] as const;
  crudRoutes(routes, {
    path: '/ivr-flows', tag, noun: 'IVR flow',
    list: { search: ['name', 'description'], sort: ['name', 'current_version', 'description', 'updated_at'] },
    create: flowInput, patch: flowInput.partial(), view: rowView(flowInput, [], { current_version: s.integer() }), show: (row) => row,
    repo: repos.ivrFlows, read: [...read], write: ['admin'],
    checkDelete: async (id) => refuseIfReferenced(repos, 'ivr', await repos.ivrFlows.get(id)),
    async check(input) {
      const issues = input.definition ? checkIvrFlow(input.definition) : [];
      if (issues.length) throw badRequest(issues.map((i) => ({ path: i.path ? `body.definition.${i.path}` : 'body.definition', message: i.message })));
    },
  });
  routes.add([...read], { method: 'get', path: '/ivr-flows/:id/versions', tag, summary: 'The versions of a flow, oldest first, with who wrote each', params: idParams, response: s.array(versionView) }, async ({ params }) => {
    if (!(await repos.ivrFlows.get(params.id))) throw notFound('IVR flow');
    return repos.ivrFlows.listVersions(params.id);
  });
  routes.add([...read], { method: 'get', path: '/ivr-flows/:id/versions/:version', tag, summary: 'One version of a flow', params: versionParams, response: definition }, async ({ params }) => {
    return (await repos.ivrFlows.getVersion(params.id, params.version)) ?? Promise.reject(notFound('IVR flow version'));
  });
}
