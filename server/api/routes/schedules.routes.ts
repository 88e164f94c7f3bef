// /api/schedules — opening hours per weekday (0 = Sunday) in a time zone, and holidays.
import type { ApiContext } from '../api-context.js';
import { crudRoutes } from '../http/crud-routes.js';
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
    create: scheduleInput, patch: scheduleInput.partial(), view: rowView(scheduleInput), show: (row) => row,
    repo: repos.schedules, read: ['admin', 'supervisor'], write: ['admin'],
    checkDelete: async (id) => refuseIfReferenced(repos, 'schedule', await repos.schedules.get(id)),
  });
}
