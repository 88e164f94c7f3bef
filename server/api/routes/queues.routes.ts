// /api/queues — queue settings: strategy, timers, overflow, prompts, service level,
// caller priority rules, VIP priority and aging, skills routing steps and who supervises it.
// Callbacks and a queue schedule are in the schema but refused until they are built (not-available.ts).
import type { ApiContext } from '../api-context.js';
import { badRequest } from '../http/api-error.js';
import { checkDestination } from '../http/destinations.js';
import { refuseIfReferenced } from '../http/references.js';
import { queueUnavailable, refuseUnavailable } from '../http/not-available.js';
import { crudRoutes } from '../http/crud-routes.js';
import { rowView } from '../http/record-fields.js';
import { destination, name, skills, uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import { voiceName } from '../../ivr/prompt-ref.js';
import { skillSteps } from '../../validation/skill-steps.js';

const seconds = (max: number) => s.integer({ min: 0, max });

const queueInput = s.object({
  name: name(),
  strategy: s.enum(['ring-all', 'longest-idle', 'round-robin', 'fewest-calls', 'random', 'skills'] as const).describe('who gets the call among agents equally skilled; skills is refused (set skill_steps)'),
  ring_timeout_seconds: s.integer({ min: 5, max: 300 }).optional(),
  wrap_up_seconds: seconds(3600).optional(),
  max_wait_seconds: s.integer({ min: 1, max: 86400 }).nullable().optional(),
  overflow_destination: destination().nullable().optional().describe('where callers go after max wait or when the queue is full'),
  max_queue_length: s.integer({ min: 1, max: 10000 }).nullable().optional(),
  when_no_agents: s.enum(['wait', 'overflow'] as const).optional().describe('with no member agent logged in: wait (default: callers join and wait) or overflow (a caller does not join, and callers waiting leave when the last member logs out, to the overflow destination; without one the call ends as no-agent)'),
  music_prompt_id: uuid().nullable().optional(),
  announcement_prompt_id: uuid().nullable().optional(),
  announce_interval_seconds: s.integer({ min: 10, max: 3600 }).nullable().optional(),
  service_level_seconds: s.integer({ min: 1, max: 3600 }).optional(),
  callback_allowed: s.boolean().optional().describe('not available yet: only false is accepted'),
  priority_rules: s.array(s.object({ caller_prefix: s.string({ pattern: /^\+?[0-9]{1,15}$/, patternMessage: 'must be digits, optionally after a +' }), priority: s.integer({ min: 1, max: 10 }) }), { maxItems: 100 }).optional(),
  required_skills: skills().optional().describe('refused: use skill_steps; only [] is accepted'),
  skill_steps: skillSteps().optional().describe('skills routing in timed steps, e.g. spanish>=4 for 30 s, then spanish>=2 for 30 s, then anyone; the best proficiency wins, ties by strategy'),
  priority_aging_seconds: s.integer({ min: 1, max: 86400 }).nullable().optional().describe('a waiting caller gains one priority point per this many seconds; null: no aging'),
  vip_priority: s.integer({ min: 0, max: 1000 }).optional().describe('added to the priority of callers whose contact is VIP (default 10)'),
  schedule_id: uuid().nullable().optional().describe('not available yet: only null is accepted (use an hours node in the IVR flow)'),
  supervisor_ids: s.array(uuid(), { maxItems: 100 }).optional().describe('users who supervise this queue'),
  wrap_up_codes: s.array(s.string({ minLength: 1, maxLength: 64 }), { maxItems: 50 }).optional().describe('disposition codes agents pick at wrap-up'),
  wrap_up_code_required: s.boolean().optional().describe('the agent must pick a code to finish the wrap-up'),
  survey: s.object({
    questions: s.array(s.string({ minLength: 1, maxLength: 500 }), { minItems: 1, maxItems: 5 }).describe('spoken one after another; each answered 1 to 5 on the keypad'),
    thanks: s.string({ minLength: 1, maxLength: 500 }).optional().describe('said at the end (default "Thank you. Goodbye.")'),
    voice: voiceName.optional(),
  }).nullable().optional().describe('post-call survey: after the agent hangs up, the caller stays on the line and answers these questions; the answers go on the call record'),
  script: s.string({ maxLength: 20000 }).nullable().optional().describe('markdown the agent sees during the call; {{caller.name}}, {{caller.number}}, {{caller.company}}, {{queue.name}}, {{ivr.<variable>}} are filled in'),
});

export function queuesRoutes({ routes, repos }: ApiContext): void {
  crudRoutes(routes, {
    path: '/queues', tag: 'queues', noun: 'queue',
    list: { search: ['name'], sort: ['name', 'strategy', 'ring_timeout_seconds', 'max_wait_seconds', 'service_level_seconds', 'updated_at'] },
    create: queueInput, patch: queueInput.partial(), view: rowView(queueInput), show: (row) => row,
    repo: repos.queues, read: ['admin', 'supervisor'], write: ['admin'],
    checkDelete: async (id) => refuseIfReferenced(repos, 'queue', await repos.queues.get(id)),
    async check(input, existing) {
      refuseUnavailable(queueUnavailable(input));
      // A code required from an empty list would keep every agent in wrap-up until its timer.
      const codes = input.wrap_up_codes ?? existing?.wrap_up_codes ?? [];
      const required = input.wrap_up_code_required ?? existing?.wrap_up_code_required ?? false;
      if (required && codes.length === 0) {
        throw badRequest([{ path: input.wrap_up_code_required === undefined ? 'body.wrap_up_codes' : 'body.wrap_up_code_required', message: 'a required wrap-up code needs at least one code in wrap_up_codes' }]);
      }
      const given = input.wrap_up_codes;
      if (given && new Set(given).size !== given.length) throw badRequest([{ path: 'body.wrap_up_codes', message: 'codes must be distinct' }]);
      await checkDestination(repos, input.overflow_destination, 'body.overflow_destination');
      for (const [i, id] of (input.supervisor_ids ?? []).entries()) {
        const user = await repos.users.get(id);
        if (user?.role !== 'supervisor' && user?.role !== 'admin') throw badRequest([{ path: `body.supervisor_ids.${i}`, message: 'is not a supervisor or admin' }]);
      }
    },
  });
}
