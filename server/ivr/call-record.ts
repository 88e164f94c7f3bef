// The path of an IVR run as the calls table keeps it (calls.ivr_path, a list of text): one
// entry per node, with the digits pressed there and how it ended, e.g.
//   ['hours (open)', 'welcome (interrupted)', 'main 1 (chosen)', 'sales']
import type { PathStep } from './ivr.types.js';

export function ivrPathForRecord(path: readonly PathStep[]): string[] {
  return path.map((step) => [step.node, step.digits, step.result && `(${step.result})`].filter(Boolean).join(' '));
}
