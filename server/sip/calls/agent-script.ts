// A queue's agent script with the call's values filled in: {{caller.number}}, {{caller.name}},
// {{caller.company}}, {{queue.name}} and {{ivr.<variable>}} (what the IVR set or gathered). A
// value is inserted as text — markdown and HTML characters in it are escaped — so a caller
// who typed or is named "<img …>" or "**x**" changes nothing of the script's shape; unknown
// names become empty. The page renders the result (markdown, sanitized).
export interface ScriptValues {
  caller: { number: string; name: string | null; company: string | null };
  queue: string | null;
  variables: Record<string, string>;
}

const MARKDOWN_OR_HTML = /[\\`*_{}[\]()#+\-.!|<>&~]/g;

export function fillScript(script: string, values: ScriptValues): string {
  return script.replace(/\{\{\s*([a-z]+)\.([A-Za-z0-9_]+)\s*\}\}/g, (_m, scope: string, name: string) => escape(lookup(scope, name, values)));
}

function lookup(scope: string, name: string, v: ScriptValues): string {
  if (scope === 'caller') return (name === 'number' ? v.caller.number : name === 'name' ? v.caller.name : name === 'company' ? v.caller.company : null) ?? '';
  if (scope === 'queue' && name === 'name') return v.queue ?? '';
  if (scope === 'ivr') return v.variables[name] ?? '';
  return '';
}

function escape(value: string): string {
  return value.replace(MARKDOWN_OR_HTML, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`));
}
