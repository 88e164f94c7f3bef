// Is a schedule open at an instant? The format is the schedules table's (migrations/0001):
// a time zone, weekly hours [{ day: 0 = Sunday … 6, open: 'HH:MM', close: 'HH:MM' | '24:00' }]
// and holidays [{ date: 'YYYY-MM-DD' }], which close the whole local day.

export interface Schedule {
  time_zone: string;
  weekly_hours: readonly { day: number; open: string; close: string }[];
  holidays: readonly { date: string }[];
}

/** Looks schedules up by id (the app passes one reading the schedules repository). */
export type ScheduleSource = (id: string) => Promise<Schedule | undefined>;

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The local weekday, date and time at `at` in `timeZone`. */
function localTime(at: number, timeZone: string): { day: number; date: string; time: string } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(at).map((p) => [p.type, p.value]));
  return { day: weekdays.indexOf(parts.weekday ?? ''), date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

export function isScheduleOpen(schedule: Schedule, at: number): boolean {
  const local = localTime(at, schedule.time_zone);
  if (schedule.holidays.some((h) => h.date === local.date)) return false;
  // 'HH:MM' strings compare in time order; close is exclusive ('24:00' closes at midnight).
  return schedule.weekly_hours.some((h) => h.day === local.day && h.open <= local.time && local.time < h.close);
}
