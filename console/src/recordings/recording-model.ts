// What the recordings view knows of a recording (GET /api/recordings items) and the search it
// sends: the form's fields as the API's query, datetime-local inputs read as local time.
import type { Json } from '../api.js';

export interface PausedSpan {
  from_seconds: number;
  to_seconds: number;
}

export interface FoundRecording {
  id: string;
  call_id: string;
  file: string;
  duration_seconds: number | null;
  channels: number;
  channel_parties: string[];
  paused_spans: PausedSpan[];
  started_at: string;
  direction: string;
  from_number: string;
  to_number: string;
  queue_id: string | null;
  agent_id: string | null;
  disposition: string | null;
}

export interface RecordingSearch {
  since: string;
  until: string;
  queue_id: string;
  agent_id: string;
  number: string;
  disposition: string;
}

export const emptySearch: RecordingSearch = { since: '', until: '', queue_id: '', agent_id: '', number: '', disposition: '' };

/** The dispositions a call can end with (the calls API's list). */
export const dispositions = ['answered', 'abandoned', 'no-answer', 'busy', 'failed', 'voicemail', 'callback', 'overflow', 'closed', 'no-agent', 'ivr-ended'] as const;

/** The query string of a search (without '?'); empty fields are left out, the server checks the rest. */
export function searchQuery(search: RecordingSearch, after?: string): string {
  const q = new URLSearchParams();
  for (const key of ['since', 'until'] as const) {
    const value = search[key];
    if (!value) continue;
    const at = new Date(value);
    // A date the browser cannot read goes as typed: the server's 400 then names the field.
    q.set(key, Number.isNaN(at.getTime()) ? value : at.toISOString());
  }
  for (const key of ['queue_id', 'agent_id', 'disposition'] as const) if (search[key]) q.set(key, search[key]);
  const number = search.number.trim();
  if (number) q.set('number', number);
  if (after) q.set('after', after);
  return q.toString();
}

export function asRecordings(items: Json[]): FoundRecording[] {
  return items as unknown as FoundRecording[];
}

/** 83.6 → "1:23" (whole seconds passed, as the audio controls count). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
