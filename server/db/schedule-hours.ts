// Is a schedule open at an instant, and when does that next change? The format is the
// schedules table's (migrations/0001): a time zone, weekly hours [{ day: 0 = Sunday … 6,
// open: 'HH:MM', close: 'HH:MM' | '24:00' }] and holidays [{ date: 'YYYY-MM-DD' }], which
// close the whole local day. The IVR's `hours` verb and the API's preview both ask here.

export interface Schedule {
  time_zone: string;
  weekly_hours: readonly { day: number; open: string; close: string }[];
  holidays: readonly { date: string }[];
}

/** Looks schedules up by id (the app passes one reading the schedules repository). */
export type ScheduleSource = (id: string) => Promise<Schedule | undefined>;

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const formats = new Map<string, Intl.DateTimeFormat>();
const formatFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  return f;
};

/** The local weekday, date and time at `at` in `timeZone`. */
export function localTime(at: number, timeZone: string): { day: number; date: string; time: string } {
  const parts = Object.fromEntries(formatFor(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  return { day: weekdays.indexOf(parts.weekday ?? ''), date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

export function isScheduleOpen(schedule: Schedule, at: number): boolean {
  const local = localTime(at, schedule.time_zone);
  if (schedule.holidays.some((h) => h.date === local.date)) return false;
  // 'HH:MM' strings compare in time order; close is exclusive ('24:00' closes at midnight).
  return schedule.weekly_hours.some((h) => h.day === local.day && h.open <= local.time && local.time < h.close);
}

const MINUTE = 60_000;
/** A week and a day: past any holiday run but one, the state of a week repeats. */
const LOOK_AHEAD_MINUTES = 8 * 24 * 60;

/**
 * Whether the schedule is open at `at`, and the first minute after it when that changes (null:
 * not within eight days — always open, or closed for good). Walks minute by minute in UTC, so
 * daylight-saving jumps are counted as the clock on the wall shows them.
 */
export function scheduleStatus(schedule: Schedule, at: number): { open: boolean; changesAt: number | null } {
  const open = isScheduleOpen(schedule, at);
  // The two schedules that never change, without walking a week.
  if (schedule.weekly_hours.length === 0) return { open, changesAt: null };
  const allDay = (day: number) => schedule.weekly_hours.some((h) => h.day === day && h.open === '00:00' && h.close === '24:00');
  if (schedule.holidays.length === 0 && [0, 1, 2, 3, 4, 5, 6].every(allDay)) return { open, changesAt: null };
  // The state changes only at a local open or close time, or at local midnight (a holiday).
  // Time zones are whole quarter hours off UTC, so such a minute is one whose UTC minute is,
  // modulo 15, that of a boundary: the others need no look.
  const boundaryMinutes = new Set([0, ...schedule.weekly_hours.flatMap((h) => [h.open, h.close]).map((hm) => Number(hm.slice(3)) % 15)]);
  const start = Math.floor(at / MINUTE) * MINUTE;
  for (let i = 1; i <= LOOK_AHEAD_MINUTES; i++) {
    const t = start + i * MINUTE;
    if (!boundaryMinutes.has((t / MINUTE) % 15)) continue;
    if (isScheduleOpen(schedule, t) !== open) return { open, changesAt: t };
  }
  return { open, changesAt: null };
}
