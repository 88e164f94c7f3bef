// Names of the rows of other resources, for the selects of fields that point to them
// (queue_id → the queues by name). Fetched once a resource and refreshed after a change to it.
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleApi, Json } from './api.js';

export interface Choice {
  id: string;
  name: string;
}

/** How a row is called: its name, else its username or number. */
export function rowName(row: Json): string {
  for (const key of ['name', 'username', 'e164', 'id']) if (typeof row[key] === 'string' && row[key]) return row[key];
  return '';
}

export class Lookups {
  private readonly cache = new Map<string, Promise<Choice[]>>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: ConsoleApi) {}

  choices(resource: string): Promise<Choice[]> {
    let p = this.cache.get(resource);
    if (!p) {
      p = this.api.get<{ items: Json[] }>(`/${resource}?limit=500`).then((r) => r.items.map((row) => ({ id: String(row.id), name: rowName(row) })));
      this.cache.set(resource, p);
    }
    return p;
  }

  /** Rows of `resource` changed: forget its names, and tell the selects showing them. */
  changed(resource: string): void {
    this.cache.delete(resource);
    for (const l of [...this.listeners]) l();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The choices of `resource` (empty while loading, or for no resource). */
export function useChoices(lookups: Lookups, resource: string | undefined): Choice[] {
  const [choices, setChoices] = useState<Choice[]>([]);
  const [version, setVersion] = useState(0);
  useEffect(() => lookups.subscribe(() => setVersion((v) => v + 1)), [lookups]);
  useEffect(() => {
    let live = true;
    if (!resource) setChoices([]);
    else void lookups.choices(resource).then((c) => live && setChoices(c), () => live && setChoices([]));
    return () => {
      live = false;
    };
  }, [lookups, resource, version]);
  return choices;
}
