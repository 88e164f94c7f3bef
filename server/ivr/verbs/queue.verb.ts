// queue: hands the call to the ACD. The IVR ends here; the caller of the interpreter gets the
// outcome and enqueues the call (the ACD owns queues, music and announcements).
//   { "verb": "queue", "queue": "sales", "priority": 5,
//     "skills": [{ "require": [{ "skill": "spanish", "min": 4 }], "seconds": 30 }, …] }
// `priority` is this choice's part of the call's priority (added to the number's, the
// contact's and the queue's rules); `skills` are the call's routing steps, instead of the queue's.
import type { SkillStep } from '../../db/index.js';
import { s } from '../../validation/schema.js';
import { skillSteps } from '../../validation/skill-steps.js';
import { defineVerb, end, type Next, type Verb } from '../verb.js';

export class QueueVerb implements Verb {
  constructor(private readonly queue: string, private readonly priority: number | undefined, private readonly skills: SkillStep[] | undefined) {}

  async run(): Promise<Next> {
    return end({
      kind: 'queue', queue: this.queue,
      ...(this.priority !== undefined ? { priority: this.priority } : {}),
      ...(this.skills !== undefined ? { skillSteps: this.skills } : {}),
    });
  }
}

export const queue = defineVerb('queue', {
  description: 'Hand the call to a queue of the ACD',
  fields: {
    queue: s.string({ minLength: 1, maxLength: 200 }).describe('queue name or id; the ACD resolves it'),
    priority: s.integer({ min: 0, max: 100 }).optional().describe('higher is served first'),
    skills: skillSteps().optional().describe('skills routing steps for this call, relaxing in time; after the last timed step anyone in the queue'),
  },
  jumps: () => [],
  create: (p) => new QueueVerb(p.queue, p.priority, p.skills),
});
