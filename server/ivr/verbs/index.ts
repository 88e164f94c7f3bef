// The verbs a flow may use. dial, voicemail and callback are named by the API's flow schema
// but not built yet: a flow using them is rejected with a clear message until a VerbDefinition
// for them is added here.
import type { VerbDefinition } from '../verb.js';
import { branch } from './branch.verb.js';
import { gather } from './gather.verb.js';
import { goto } from './goto.verb.js';
import { hangup } from './hangup.verb.js';
import { hours } from './hours.verb.js';
import { menu } from './menu.verb.js';
import { play } from './play.verb.js';
import { queue } from './queue.verb.js';
import { say } from './say.verb.js';
import { set } from './set.verb.js';
import { webhookVerb } from './webhook.verb.js';

// A webhook's answer is a list of these same verbs; the registry is handed to it lazily, as it
// is a member of it.
export const verbs: ReadonlyMap<string, VerbDefinition> = new Map([say, play, menu, gather, goto, queue, hours, hangup, set, branch, webhookVerb(() => verbs)].map((v) => [v.name, v]));

/** Verbs the architecture plans that have no implementation yet. */
export const plannedVerbs = ['dial', 'voicemail', 'callback'] as const;
