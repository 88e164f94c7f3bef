// A prompts-table row as something the media server can play: spoken text or a file.
import type { PromptSource } from '../../ivr/index.js';
import type { Call } from './call.js';

export async function promptSource(call: Call, id: string): Promise<PromptSource | undefined> {
  const p = await call.deps.repos.prompts.get(id);
  if (!p) return undefined;
  if (p.kind === 'text' && p.text) return { text: p.text, ...(p.voice ? { voice: p.voice } : {}) };
  return p.audio_file ? { file: p.audio_file } : undefined;
}
