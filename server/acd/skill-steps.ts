// Skills routing in timed steps (Amazon Connect's routing-step expiry): a call asks for skills
// with minimum proficiencies, e.g. spanish>=4 for 30 s, then spanish>=2 for 30 s, then anyone
// in the queue. Which step applies depends only on how long the call has waited; a step with
// `seconds: null` never relaxes. Among the agents a step admits, the best proficiency wins
// (the sum of their levels in the required skills); ties go to the queue's strategy.
import type { SkillRequirement, SkillStep } from '../db/index.js';

export type { SkillRequirement, SkillStep };

/** The step a call is on: its 1-based number, what it requires, and when (ms of waiting) it ends. */
export interface ActiveStep { number: number; require: readonly SkillRequirement[]; endsAtMs: number | null }

/** After the last timed step: anyone in the queue. */
const anyone = (number: number): ActiveStep => ({ number, require: [], endsAtMs: null });

export function activeStep(steps: readonly SkillStep[], waitedMs: number): ActiveStep {
  let end = 0;
  for (const [i, step] of steps.entries()) {
    if (step.seconds === null) return { number: i + 1, require: step.require, endsAtMs: null };
    end += step.seconds * 1000;
    if (waitedMs < end) return { number: i + 1, require: step.require, endsAtMs: end };
  }
  return anyone(steps.length + 1);
}

/** `spanish>=4, english>=2`, or `anyone`: how the events and logs name a step. */
export function describeStep(require: readonly SkillRequirement[]): string {
  return require.length === 0 ? 'anyone' : require.map((r) => `${r.skill}>=${r.min}`).join(', ');
}

/** The steps as a list of sentences for the call's `entered` event. */
export function describeSteps(steps: readonly SkillStep[]): string[] {
  const described = steps.map((s) => `${describeStep(s.require)}${s.seconds === null ? '' : ` for ${s.seconds} s`}`);
  return steps.at(-1)?.seconds === null ? described : [...described, 'anyone'];
}

/** The agent's score for a step: the sum of their levels in the required skills; null if any is missing or too low. */
export function skillScore(skills: ReadonlyMap<string, number>, require: readonly SkillRequirement[]): number | null {
  let score = 0;
  for (const r of require) {
    const level = skills.get(r.skill);
    if (level === undefined || level < r.min) return null;
    score += level;
  }
  return score;
}
