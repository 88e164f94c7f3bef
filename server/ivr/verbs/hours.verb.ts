// hours: branches on a schedule (weekly hours in its time zone, holidays closed). An unknown
// schedule counts as closed, and the path says so.
//   { "verb": "hours", "schedule_id": "…uuid…", "on_open": "menu", "on_closed": "closed" }
import { uuid } from '../prompt-ref.js';
import { defineVerb, goto, nodeName, type Next, type Verb, type VerbContext } from '../verb.js';

export class HoursVerb implements Verb {
  constructor(private readonly scheduleId: string, private readonly onOpen: string, private readonly onClosed: string) {}

  async run(ctx: VerbContext): Promise<Next> {
    const open = await ctx.isOpen(this.scheduleId);
    ctx.note({ result: open === undefined ? 'unknown-schedule' : open ? 'open' : 'closed' });
    return goto(open ? this.onOpen : this.onClosed);
  }
}

export const hours = defineVerb('hours', {
  description: 'Branch on whether a schedule is open now',
  fields: { schedule_id: uuid, on_open: nodeName(), on_closed: nodeName() },
  jumps: (p) => [['on_open', p.on_open], ['on_closed', p.on_closed]],
  create: (p) => new HoursVerb(p.schedule_id, p.on_open, p.on_closed),
});
