// The IVR's variables for the agent's screen-pop, as one INVITE header: URL-encoded JSON,
// bounded so a flow that collects much cannot make an INVITE too large for UDP. Variables are
// added in name order until the next would pass the bound; the ones left out are named in
// `_truncated` so the agent's screen knows something is missing.
export const VARS_HEADER = 'X-Switchboard-Vars';
const MAX_HEADER_BYTES = 1024;

export function varsHeader(variables: Record<string, string>): string | undefined {
  const kept: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(variables).sort(([a], [b]) => a.localeCompare(b))) {
    const next = encodeURIComponent(JSON.stringify({ ...kept, [name]: value }));
    if (next.length <= MAX_HEADER_BYTES - 64) kept[name] = value;
    else dropped.push(name);
  }
  if (Object.keys(kept).length === 0 && dropped.length === 0) return undefined;
  return encodeURIComponent(JSON.stringify(dropped.length ? { ...kept, _truncated: String(dropped.length) } : kept));
}
