// /api/schedules — opening hours per weekday (0 = Sunday) in a time zone, and holidays; and
// a schedule's status ("open now?", and when that changes), the console's preview.
import type { ApiContext } from '../api-context.js';
import { crudRoutes, idParams } from '../http/crud-routes.js';
import { notFound } from '../http/api-error.js';
import { localTime, scheduleStatus } from '../../db/schedule-hours.js';
import { refuseIfReferenced } from '../http/references.js';
import { rowView } from '../http/record-fields.js';
import { calendarDate, clockTime, name, timeZone } from '../validation/fields.js';
import { s } from '../../validation/schema.js';

const hours = s.object({ day: s.integer({ min: 0, max: 6 }), open: clockTime(), close: clockTime() })
  .refine((h) => (h.open < h.close ? undefined : [{ path: 'close', message: 'must be after open' }]));

const scheduleInput = s.object({
  name: name(),
  time_zone: timeZone(),
  weekly_hours: s.array(hours, { maxItems: 50 }).optional(),
  holidays: s.array(s.object({ date: calendarDate(), name: name() }), { maxItems: 366 }).optional(),
});

export function schedulesRoutes({ routes, repos }: ApiContext): void {
  crudRoutes(routes, {
    path: '/schedules', tag: 'schedules', noun: 'schedule',
    list: { search: ['name', 'time_zone'], sort: ['name', 'time_zone', 'updated_at'] },
    create: scheduleInput, patch: scheduleInput.partial(), view: rowView(scheduleInput), show: (row) => row,
    repo: repos.schedules, read: ['admin', 'supervisor'], write: ['admin'],
    checkDelete: async (id) => refuseIfReferenced(repos, 'schedule', await repos.schedules.get(id)),
  });
  routes.add(['admin', 'supervisor'], {
    method: 'get', path: '/schedules/:id/status', tag: 'schedules', summary: 'Is the schedule open (now, or at `at`), and when does that next change',
    params: idParams, query: statusQuery, response: statusView,
  }, async ({ params, query }) => {
    const schedule = await repos.schedules.get(params.id);
    if (!schedule) throw notFound('schedule');
    const at = query.at?.getTime() ?? Date.now();
    const { open, changesAt } = scheduleStatus(schedule, at);
    const local = localTime(at, schedule.time_zone);
    return {
      open, at: new Date(at).toISOString(), changes_at: changesAt === null ? null : new Date(changesAt).toISOString(),
      local: { date: local.date, time: local.time, day: local.day }, time_zone: schedule.time_zone,
    };
  });
}

const statusQuery = s.object({ at: s.dateTime().optional().describe('the instant to ask about; now by default') });
const statusView = s.object({
  open: s.boolean(), at: s.dateTime(),
  changes_at: s.dateTime().nullable().describe('the first minute the answer changes, within eight days; null: it does not'),
  local: s.object({ date: s.string(), time: s.string(), day: s.integer().describe('0 = Sunday') }),
  time_zone: s.string(),
});
