// How a flow names something to play: a string (text to speak), or an object with exactly one
// of `text` (+ `voice`), `prompt_id` (a row of the prompts table) or `file` (a WAV on the media
// host). Text may hold {{variable}} placeholders, filled from the session's variables.
import { s, Schema, type Issue, type JsonSchema } from '../validation/schema.js';

export type PromptRef = { text: string; voice?: string } | { prompt_id: string } | { file: string };

export const promptText = s.string({ minLength: 1, maxLength: 2000 });
export const voiceName = s.string({ pattern: /^[A-Za-z0-9_+-]{1,64}$/, patternMessage: 'must be a voice name (letters, digits, _ + -)' });
export const uuid = s.string({ pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, patternMessage: 'must be a UUID', format: 'uuid' });
/** Absolute WAV paths only, and no `..`: a flow must not walk the media host's file system. */
export const wavFile = s.string({ pattern: /^\/(?!.*\/\.\.(\/|$))[^\0]+\.wav$/i, patternMessage: 'must be an absolute path to a .wav file, without ..' });

export const promptFields = { text: promptText.optional(), voice: voiceName.optional(), prompt_id: uuid.optional(), file: wavFile.optional() };

type PromptFields = { text?: string | undefined; voice?: string | undefined; prompt_id?: string | undefined; file?: string | undefined };

/** A refine rule: exactly one of `keys` is set (prompt objects, play nodes). */
export function exactlyOne<K extends keyof PromptFields>(keys: readonly K[]) {
  return (p: Pick<PromptFields, K | 'voice'>): Issue[] | string | undefined => {
    if (keys.filter((k) => p[k] !== undefined).length !== 1) return `must name exactly one of ${keys.join(', ')}`;
    if (p.voice !== undefined && !('text' in p && p.text !== undefined)) return [{ path: 'voice', message: 'only goes with text' }];
    return undefined;
  };
}

export function toPromptRef(p: PromptFields): PromptRef {
  if (p.text !== undefined) return p.voice !== undefined ? { text: p.text, voice: p.voice } : { text: p.text };
  if (p.prompt_id !== undefined) return { prompt_id: p.prompt_id };
  return { file: p.file ?? '' };
}

const promptObject = s.object(promptFields).refine(exactlyOne(['text', 'prompt_id', 'file']));

type Parse = Schema<PromptRef>['parse'];

/** A string or a prompt object; the builder has no unions, so this one delegates by type. */
class PromptRefSchema extends Schema<PromptRef> {
  parse(value: unknown, path: string, ctx: Parameters<Parse>[2]): ReturnType<Parse> {
    if (typeof value === 'string') {
      const parsed = promptText.parse(value, path, ctx);
      return typeof parsed === 'string' ? { text: parsed } : parsed;
    }
    const parsed = promptObject.parse(value, path, ctx);
    return typeof parsed === 'object' ? toPromptRef(parsed) : parsed;
  }
  protected json(): JsonSchema {
    return { anyOf: [{ ...promptText.jsonSchema(), description: 'text to speak' }, promptObject.jsonSchema()] };
  }
}

export const promptRef = (): Schema<PromptRef> => new PromptRefSchema();

/** Fills {{name}} placeholders; unknown names become empty (a caller never hears "{{"). */
export function interpolate(template: string, variables: ReadonlyMap<string, string>): string {
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => variables.get(name) ?? '');
}
