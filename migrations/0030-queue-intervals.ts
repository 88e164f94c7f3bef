// Queue figures kept per 15 minutes (issue 15's historical reports): a trigger adds every
// queue event (call_events with a queue) to its queue's 15-minute bucket as it is written, so a
// report over a year reads buckets, not millions of events. Buckets are in UTC; every time zone
// is a whole number of quarter hours off UTC, so hours, days and weeks of any wall clock are
// sums of them. "Answered within target" is judged against the queue's target when the call
// was answered, as the wallboard judged it then. Existing events are summed in once.
import { sql, type Kysely } from 'kysely';

const SHORT_ABANDON_SECONDS = 5;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE queue_intervals (
      queue_id uuid NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
      interval_start timestamptz NOT NULL,
      offered integer NOT NULL DEFAULT 0,
      answered integer NOT NULL DEFAULT 0,
      answered_within_target integer NOT NULL DEFAULT 0,
      abandoned integer NOT NULL DEFAULT 0,
      short_abandoned integer NOT NULL DEFAULT 0,
      overflowed integer NOT NULL DEFAULT 0,
      transferred integer NOT NULL DEFAULT 0,
      wait_seconds_answered numeric NOT NULL DEFAULT 0,
      finished integer NOT NULL DEFAULT 0,
      talk_seconds numeric NOT NULL DEFAULT 0,
      PRIMARY KEY (queue_id, interval_start)
    )`).execute(db);
  await sql.raw(`
    CREATE FUNCTION queue_interval_add() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      bucket timestamptz := to_timestamp(floor(extract(epoch from NEW.at) / 900) * 900);
      wait numeric := coalesce((NEW.data->>'waitSeconds')::numeric, 0);
      talk numeric := coalesce((NEW.data->>'talkSeconds')::numeric, 0);
      target integer;
    BEGIN
      IF NEW.queue_id IS NULL OR NEW.event NOT IN ('entered', 'answered', 'abandoned', 'overflowed', 'completed', 'transferred') THEN
        RETURN NEW;
      END IF;
      SELECT service_level_seconds INTO target FROM queues WHERE id = NEW.queue_id;
      INSERT INTO queue_intervals AS q (queue_id, interval_start, offered, answered, answered_within_target, abandoned, short_abandoned, overflowed, transferred, wait_seconds_answered, finished, talk_seconds)
      VALUES (NEW.queue_id, bucket,
        (NEW.event = 'entered')::int,
        (NEW.event = 'answered')::int,
        (NEW.event = 'answered' AND wait <= coalesce(target, 0))::int,
        (NEW.event = 'abandoned' AND wait >= ${SHORT_ABANDON_SECONDS})::int,
        (NEW.event = 'abandoned' AND wait < ${SHORT_ABANDON_SECONDS})::int,
        (NEW.event = 'overflowed')::int,
        (NEW.event = 'transferred')::int,
        CASE WHEN NEW.event = 'answered' THEN wait ELSE 0 END,
        (NEW.event IN ('completed', 'transferred'))::int,
        CASE WHEN NEW.event IN ('completed', 'transferred') THEN talk ELSE 0 END)
      ON CONFLICT (queue_id, interval_start) DO UPDATE SET
        offered = q.offered + EXCLUDED.offered, answered = q.answered + EXCLUDED.answered,
        answered_within_target = q.answered_within_target + EXCLUDED.answered_within_target,
        abandoned = q.abandoned + EXCLUDED.abandoned, short_abandoned = q.short_abandoned + EXCLUDED.short_abandoned,
        overflowed = q.overflowed + EXCLUDED.overflowed, transferred = q.transferred + EXCLUDED.transferred,
        wait_seconds_answered = q.wait_seconds_answered + EXCLUDED.wait_seconds_answered,
        finished = q.finished + EXCLUDED.finished, talk_seconds = q.talk_seconds + EXCLUDED.talk_seconds;
      RETURN NEW;
    END $$`).execute(db);
  await sql.raw('CREATE TRIGGER call_events_queue_intervals AFTER INSERT ON call_events FOR EACH ROW EXECUTE FUNCTION queue_interval_add()').execute(db);
  // What was recorded before: summed in by replaying the events through the same function's rules.
  await sql.raw(`
    INSERT INTO queue_intervals (queue_id, interval_start, offered, answered, answered_within_target, abandoned, short_abandoned, overflowed, transferred, wait_seconds_answered, finished, talk_seconds)
    SELECT e.queue_id, to_timestamp(floor(extract(epoch from e.at) / 900) * 900),
      count(*) FILTER (WHERE e.event = 'entered'),
      count(*) FILTER (WHERE e.event = 'answered'),
      count(*) FILTER (WHERE e.event = 'answered' AND coalesce((e.data->>'waitSeconds')::numeric, 0) <= q.service_level_seconds),
      count(*) FILTER (WHERE e.event = 'abandoned' AND coalesce((e.data->>'waitSeconds')::numeric, 0) >= ${SHORT_ABANDON_SECONDS}),
      count(*) FILTER (WHERE e.event = 'abandoned' AND coalesce((e.data->>'waitSeconds')::numeric, 0) < ${SHORT_ABANDON_SECONDS}),
      count(*) FILTER (WHERE e.event = 'overflowed'),
      count(*) FILTER (WHERE e.event = 'transferred'),
      coalesce(sum((e.data->>'waitSeconds')::numeric) FILTER (WHERE e.event = 'answered'), 0),
      count(*) FILTER (WHERE e.event IN ('completed', 'transferred')),
      coalesce(sum((e.data->>'talkSeconds')::numeric) FILTER (WHERE e.event IN ('completed', 'transferred')), 0)
    FROM call_events e JOIN queues q ON q.id = e.queue_id
    WHERE e.event IN ('entered', 'answered', 'abandoned', 'overflowed', 'completed', 'transferred')
    GROUP BY 1, 2`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TRIGGER IF EXISTS call_events_queue_intervals ON call_events').execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS queue_interval_add()').execute(db);
  await sql.raw('DROP TABLE IF EXISTS queue_intervals').execute(db);
}
