// Conferences (issue 12): a party joining or leaving a call's conference is a call event.
// The CHECK of call_events.event is replaced by one that also names them (a migration that
// adds more names, as 0015's transfer events may, must list these too).
import { sql, type Kysely } from 'kysely';

const base = ['entered', 'offered', 'answered', 'no-answer', 'abandoned', 'transferred', 'overflowed', 'callback-requested', 'completed'];
const names = (list: string[]): string => list.map((n) => `'${n}'`).join(', ');

async function setEvents(db: Kysely<unknown>, list: string[]): Promise<void> {
  await sql.raw('ALTER TABLE call_events DROP CONSTRAINT IF EXISTS call_events_event_check').execute(db);
  await sql.raw(`ALTER TABLE call_events ADD CONSTRAINT call_events_event_check CHECK (event IN (${names(list)}))`).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await setEvents(db, [...base, 'conference-joined', 'conference-left']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`DELETE FROM call_events WHERE event IN ('conference-joined', 'conference-left')`).execute(db);
  await setEvents(db, base);
}
