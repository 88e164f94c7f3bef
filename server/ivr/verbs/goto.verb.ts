// goto: continues at another node (e.g. back to the main menu).
//   { "verb": "goto", "target": "main" }
import { defineVerb, goto as jump, nodeName, type Next, type Verb } from '../verb.js';

export class GotoVerb implements Verb {
  constructor(private readonly target: string) {}

  async run(): Promise<Next> {
    return jump(this.target);
  }
}

export const goto = defineVerb('goto', {
  description: 'Continue at another node',
  fields: { target: nodeName() },
  jumps: (p) => [['target', p.target]],
  create: (p) => new GotoVerb(p.target),
});
