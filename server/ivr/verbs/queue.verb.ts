// queue: hands the call to the ACD. The IVR ends here; the caller of the interpreter gets the
// outcome and enqueues the call (the ACD owns queues, music and announcements).
//   { "verb": "queue", "queue": "sales", "priority": 5 }
import { s } from '../../validation/schema.js';
import { defineVerb, end, type Next, type Verb } from '../verb.js';

export class QueueVerb implements Verb {
  constructor(private readonly queue: string, private readonly priority: number | undefined) {}

  async run(): Promise<Next> {
    return end(this.priority !== undefined ? { kind: 'queue', queue: this.queue, priority: this.priority } : { kind: 'queue', queue: this.queue });
  }
}

export const queue = defineVerb('queue', {
  description: 'Hand the call to a queue of the ACD',
  fields: {
    queue: s.string({ minLength: 1, maxLength: 200 }).describe('queue name or id; the ACD resolves it'),
    priority: s.integer({ min: 0, max: 100 }).optional().describe('higher is served first'),
  },
  jumps: () => [],
  create: (p) => new QueueVerb(p.queue, p.priority),
});
