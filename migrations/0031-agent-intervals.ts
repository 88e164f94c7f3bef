// Agent figures kept per 15 minutes (issue 15's agent reports), as migration 0030 keeps the
// queues': a trigger on agent_state_events adds the time of the state an agent just left to the
// quarter hours it spans; one on call_events counts the calls an agent answered, finished and
// transferred; one on calls counts the wrap-up codes (dispositions) agents picked, in the
// quarter hour the call started (a code changed later moves between codes, never between
// buckets). The state an agent is in now is not in a bucket until it ends: the report adds it.
// Buckets are UTC; every time zone is a whole number of quarter hours off UTC. The ACD appends
// states in time order, so the row before a new one (by time, then id) is the state it ends.
// Seconds are doubles, not numeric as in 0030: a month by day of 100 agents sums some 100,000
// buckets, and numeric sums are several times slower. What was recorded before is summed in
// once, by the same rules.
import { sql, type Kysely } from 'kysely';

/** One quarter hour's share of a span, per state column (the not-ready reason apart). */
const stateColumns = { ringing: 'ringing_seconds', available: 'available_seconds', 'on-call': 'talk_seconds', 'wrap-up': 'wrap_up_seconds', away: 'not_ready_seconds' } as const;
const perState = (secs: string) => Object.entries(stateColumns).map(([state, column]) => `CASE WHEN st = '${state}' THEN ${secs} ELSE 0 END AS ${column}`).join(', ');
const columns = Object.values(stateColumns).join(', ');

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE agent_intervals (
      agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
      interval_start timestamptz NOT NULL,
      answered integer NOT NULL DEFAULT 0,
      handled integer NOT NULL DEFAULT 0,
      transferred integer NOT NULL DEFAULT 0,
      handled_talk_seconds double precision NOT NULL DEFAULT 0,
      ringing_seconds double precision NOT NULL DEFAULT 0,
      available_seconds double precision NOT NULL DEFAULT 0,
      talk_seconds double precision NOT NULL DEFAULT 0,
      wrap_up_seconds double precision NOT NULL DEFAULT 0,
      not_ready_seconds double precision NOT NULL DEFAULT 0,
      PRIMARY KEY (agent_id, interval_start)
    )`).execute(db);
  await sql.raw('CREATE INDEX agent_intervals_start ON agent_intervals (interval_start)').execute(db);
  await sql.raw(`
    CREATE TABLE agent_not_ready_intervals (
      agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
      interval_start timestamptz NOT NULL,
      reason text NOT NULL,
      seconds double precision NOT NULL DEFAULT 0,
      PRIMARY KEY (agent_id, interval_start, reason)
    )`).execute(db);
  await sql.raw(`
    CREATE TABLE agent_disposition_intervals (
      agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
      interval_start timestamptz NOT NULL,
      code text NOT NULL,
      calls integer NOT NULL DEFAULT 0,
      PRIMARY KEY (agent_id, interval_start, code)
    )`).execute(db);

  // A span of one state, cut at quarter hours.
  await sql.raw(`
    CREATE FUNCTION agent_state_span_add(agent uuid, st text, why text, since timestamptz, until timestamptz) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      s timestamptz := since;
      b timestamptz;
      e timestamptz;
      secs double precision;
    BEGIN
      IF st NOT IN ('ringing', 'available', 'on-call', 'wrap-up', 'away') THEN RETURN; END IF;
      WHILE s < until LOOP
        b := to_timestamp(floor(extract(epoch from s) / 900) * 900);
        e := least(until, b + interval '15 minutes');
        secs := extract(epoch from e - s);
        INSERT INTO agent_intervals AS a (agent_id, interval_start, ${columns})
        SELECT agent, b, ${perState('secs')}
        ON CONFLICT (agent_id, interval_start) DO UPDATE SET
          ${Object.values(stateColumns).map((c) => `${c} = a.${c} + EXCLUDED.${c}`).join(', ')};
        IF st = 'away' THEN
          INSERT INTO agent_not_ready_intervals AS r (agent_id, interval_start, reason, seconds) VALUES (agent, b, coalesce(why, 'unknown'), secs)
          ON CONFLICT (agent_id, interval_start, reason) DO UPDATE SET seconds = r.seconds + EXCLUDED.seconds;
        END IF;
        s := e;
      END LOOP;
    END $$`).execute(db);
  await sql.raw(`
    CREATE FUNCTION agent_state_interval_add() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      prev record;
    BEGIN
      SELECT state, reason, at INTO prev FROM agent_state_events
      WHERE agent_id = NEW.agent_id AND (at, id) < (NEW.at, NEW.id) ORDER BY at DESC, id DESC LIMIT 1;
      IF FOUND THEN PERFORM agent_state_span_add(NEW.agent_id, prev.state, prev.reason, prev.at, NEW.at); END IF;
      RETURN NEW;
    END $$`).execute(db);
  await sql.raw('CREATE TRIGGER agent_state_events_intervals AFTER INSERT ON agent_state_events FOR EACH ROW EXECUTE FUNCTION agent_state_interval_add()').execute(db);

  await sql.raw(`
    CREATE FUNCTION agent_call_interval_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.agent_id IS NULL OR NEW.event NOT IN ('answered', 'completed', 'transferred') THEN RETURN NEW; END IF;
      INSERT INTO agent_intervals AS a (agent_id, interval_start, answered, handled, transferred, handled_talk_seconds)
      VALUES (NEW.agent_id, to_timestamp(floor(extract(epoch from NEW.at) / 900) * 900),
        (NEW.event = 'answered')::int, (NEW.event IN ('completed', 'transferred'))::int, (NEW.event = 'transferred')::int,
        CASE WHEN NEW.event IN ('completed', 'transferred') THEN coalesce((NEW.data->>'talkSeconds')::double precision, 0) ELSE 0 END)
      ON CONFLICT (agent_id, interval_start) DO UPDATE SET
        answered = a.answered + EXCLUDED.answered, handled = a.handled + EXCLUDED.handled, transferred = a.transferred + EXCLUDED.transferred,
        handled_talk_seconds = a.handled_talk_seconds + EXCLUDED.handled_talk_seconds;
      RETURN NEW;
    END $$`).execute(db);
  await sql.raw('CREATE TRIGGER call_events_agent_intervals AFTER INSERT ON call_events FOR EACH ROW EXECUTE FUNCTION agent_call_interval_add()').execute(db);

  await sql.raw(`
    CREATE FUNCTION agent_disposition_interval_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.agent_id IS NOT NULL AND OLD.wrap_up_code IS NOT NULL THEN
        UPDATE agent_disposition_intervals SET calls = calls - 1
        WHERE agent_id = OLD.agent_id AND interval_start = to_timestamp(floor(extract(epoch from OLD.started_at) / 900) * 900) AND code = OLD.wrap_up_code;
      END IF;
      IF NEW.agent_id IS NOT NULL AND NEW.wrap_up_code IS NOT NULL THEN
        INSERT INTO agent_disposition_intervals AS d (agent_id, interval_start, code, calls)
        VALUES (NEW.agent_id, to_timestamp(floor(extract(epoch from NEW.started_at) / 900) * 900), NEW.wrap_up_code, 1)
        ON CONFLICT (agent_id, interval_start, code) DO UPDATE SET calls = d.calls + 1;
      END IF;
      RETURN NEW;
    END $$`).execute(db);
  await sql.raw('CREATE TRIGGER calls_agent_dispositions AFTER INSERT ON calls FOR EACH ROW EXECUTE FUNCTION agent_disposition_interval_add()').execute(db);
  await sql.raw(`CREATE TRIGGER calls_agent_dispositions_changed AFTER UPDATE OF wrap_up_code, agent_id, started_at ON calls FOR EACH ROW
    WHEN (OLD.wrap_up_code IS DISTINCT FROM NEW.wrap_up_code OR OLD.agent_id IS DISTINCT FROM NEW.agent_id OR OLD.started_at IS DISTINCT FROM NEW.started_at)
    EXECUTE FUNCTION agent_disposition_interval_add()`).execute(db);

  // What was recorded before, by the same rules: each state lasts until the agent's next row.
  await sql.raw(`
    WITH spans AS (
      SELECT agent_id, state AS st, reason, at AS since, lead(at) OVER (PARTITION BY agent_id ORDER BY at, id) AS until FROM agent_state_events
    ), cut AS (
      SELECT agent_id, st, reason, q AS interval_start, extract(epoch from least(until, q + interval '15 minutes') - greatest(since, q)) AS secs
      FROM spans, generate_series(to_timestamp(floor(extract(epoch from since) / 900) * 900), until, interval '15 minutes') q
      WHERE until IS NOT NULL AND st IN ('ringing', 'available', 'on-call', 'wrap-up', 'away') AND q < until
    ), states AS (
      SELECT agent_id, interval_start, ${perState('secs')} FROM cut
    ), calls AS (
      SELECT agent_id, to_timestamp(floor(extract(epoch from at) / 900) * 900) AS interval_start,
        count(*) FILTER (WHERE event = 'answered') AS answered,
        count(*) FILTER (WHERE event IN ('completed', 'transferred')) AS handled,
        count(*) FILTER (WHERE event = 'transferred') AS transferred,
        coalesce(sum((data->>'talkSeconds')::double precision) FILTER (WHERE event IN ('completed', 'transferred')), 0) AS handled_talk_seconds
      FROM call_events WHERE agent_id IS NOT NULL AND event IN ('answered', 'completed', 'transferred') GROUP BY 1, 2
    )
    INSERT INTO agent_intervals (agent_id, interval_start, answered, handled, transferred, handled_talk_seconds, ${columns})
    SELECT agent_id, interval_start, sum(answered), sum(handled), sum(transferred), sum(handled_talk_seconds),
      ${Object.values(stateColumns).map((c) => `sum(${c})`).join(', ')}
    FROM (
      SELECT agent_id, interval_start, 0 AS answered, 0 AS handled, 0 AS transferred, 0 AS handled_talk_seconds, ${columns} FROM states
      UNION ALL
      SELECT agent_id, interval_start, answered, handled, transferred, handled_talk_seconds, ${Object.values(stateColumns).map((c) => `0 AS ${c}`).join(', ')} FROM calls
    ) parts GROUP BY 1, 2`).execute(db);
  await sql.raw(`
    INSERT INTO agent_not_ready_intervals (agent_id, interval_start, reason, seconds)
    SELECT agent_id, q, coalesce(reason, 'unknown'), sum(extract(epoch from least(until, q + interval '15 minutes') - greatest(since, q)))
    FROM (SELECT agent_id, state, reason, at AS since, lead(at) OVER (PARTITION BY agent_id ORDER BY at, id) AS until FROM agent_state_events) spans,
      generate_series(to_timestamp(floor(extract(epoch from since) / 900) * 900), until, interval '15 minutes') q
    WHERE until IS NOT NULL AND state = 'away' AND q < until GROUP BY 1, 2, 3`).execute(db);
  await sql.raw(`
    INSERT INTO agent_disposition_intervals (agent_id, interval_start, code, calls)
    SELECT agent_id, to_timestamp(floor(extract(epoch from started_at) / 900) * 900), wrap_up_code, count(*)
    FROM calls WHERE agent_id IS NOT NULL AND wrap_up_code IS NOT NULL GROUP BY 1, 2, 3`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TRIGGER IF EXISTS calls_agent_dispositions_changed ON calls').execute(db);
  await sql.raw('DROP TRIGGER IF EXISTS calls_agent_dispositions ON calls').execute(db);
  await sql.raw('DROP TRIGGER IF EXISTS call_events_agent_intervals ON call_events').execute(db);
  await sql.raw('DROP TRIGGER IF EXISTS agent_state_events_intervals ON agent_state_events').execute(db);
  for (const f of ['agent_disposition_interval_add()', 'agent_call_interval_add()', 'agent_state_interval_add()', 'agent_state_span_add(uuid, text, text, timestamptz, timestamptz)']) {
    await sql.raw(`DROP FUNCTION IF EXISTS ${f}`).execute(db);
  }
  for (const t of ['agent_disposition_intervals', 'agent_not_ready_intervals', 'agent_intervals']) await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
