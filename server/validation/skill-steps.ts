// The schema of skills routing steps, shared by the queue API (a queue's steps) and the IVR's
// queue verb (a call's own): [{ "require": [{ "skill": "spanish", "min": 4 }], "seconds": 30 },
// { "require": [{ "skill": "spanish", "min": 2 }], "seconds": 30 }] — then anyone in the
// queue. Only the last step may have `seconds: null` (it never relaxes).
import { s } from './schema.js';

const requirement = () => s.object({
  skill: s.string({ minLength: 1, maxLength: 200 }).describe('a skill as agents have it'),
  min: s.integer({ min: 1, max: 5 }).describe('the lowest proficiency (1-5) that will do'),
});

export const skillSteps = () => s.array(s.object({
  require: s.array(requirement(), { maxItems: 20 })
    .refine((list) => (new Set(list.map((r) => r.skill)).size === list.length ? undefined : 'must not name a skill twice')),
  seconds: s.integer({ min: 1, max: 86400 }).nullable().describe('how long the step applies before the next; null: it never relaxes (last step only)'),
}), { maxItems: 10 }).refine((steps) => {
  const early = steps.findIndex((step, i) => step.seconds === null && i < steps.length - 1);
  return early === -1 ? undefined : [{ path: `${early}.seconds`, message: 'only the last step may never relax (null)' }];
});
