// Outbound routes as the admin orders them: the first enabled route (lowest priority, then
// name) whose prefix the E.164 number starts with decides the trunks, tried in their order,
// and how the number is written for the carrier (digits stripped from the front of the
// number without its '+', a prefix added). Pure: the outbound call asks, then dials.

export interface OutboundRoute {
  id: string;
  name: string;
  priority: number;
  /** E.164 prefix ('+44', '+1800'); '' matches every number. */
  match_prefix: string;
  strip_digits: number;
  add_prefix: string;
  trunk_ids: string[];
  enabled: boolean;
}

export function selectRoute<R extends OutboundRoute>(routes: readonly R[], e164: string): R | undefined {
  return routes
    .filter((r) => r.enabled && e164.startsWith(r.match_prefix))
    .sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name))[0];
}

/** The user part sent to the carrier: '+4420…' with the defaults (strip 0, add '+'). */
export function dialString(route: Pick<OutboundRoute, 'strip_digits' | 'add_prefix'>, e164: string): string {
  return `${route.add_prefix}${e164.slice(1).slice(route.strip_digits)}`;
}

/** A carrier's answer that means "try the next trunk" (5xx, 408): its failure, not the callee's (404, 486, 6xx). */
export function isTrunkFailure(status: number): boolean {
  return (status >= 500 && status < 600) || status === 408;
}
