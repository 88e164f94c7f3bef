// scheduleStatus: open now, and the first minute that changes it — across a lunch break of
// minutes, a holiday, a daylight-saving change, an Indian (+05:30) and a Nepalese (+05:45)
// time zone, and the schedules that never change.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleStatus, type Schedule } from '../../../server/db/schedule-hours.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const weekdays = (open: string, close: string) => [1, 2, 3, 4, 5].map((day) => ({ day, open, close }));

describe('scheduleStatus', { timeout: 10_000 }, () => {
  it('finds the next open and close, to the minute, in the schedule\'s time zone', () => {
    const berlin: Schedule = { time_zone: 'Europe/Berlin', weekly_hours: [...weekdays('09:00', '12:10'), ...weekdays('12:55', '17:00')], holidays: [] };
    assert.deepEqual(scheduleStatus(berlin, at('2026-11-23T10:00:00Z')), { open: true, changesAt: at('2026-11-23T11:10:00Z') }, 'Mon 11:00 local: closes 12:10');
    assert.equal(iso(scheduleStatus(berlin, at('2026-11-23T11:30:00Z')).changesAt), '2026-11-23T11:55:00.000Z', 'lunch: opens 12:55');
    assert.equal(iso(scheduleStatus(berlin, at('2026-11-27T17:00:00Z')).changesAt), '2026-11-30T08:00:00.000Z', 'Friday evening: Monday 09:00');
  });

  it('skips a holiday and follows a daylight-saving change', () => {
    const ny: Schedule = { time_zone: 'America/New_York', weekly_hours: weekdays('08:00', '18:00'), holidays: [{ date: '2026-11-26' }] };
    const wed = scheduleStatus(ny, at('2026-11-25T23:30:00Z'));
    assert.deepEqual({ open: wed.open, next: iso(wed.changesAt) }, { open: false, next: '2026-11-27T13:00:00.000Z' }, 'Thanksgiving closed: Friday 08:00 EST');
    // 2026-03-08 clocks go forward: Monday 08:00 is 12:00 UTC (EDT), not 13:00.
    assert.equal(iso(scheduleStatus(ny, at('2026-03-07T12:00:00Z')).changesAt), '2026-03-09T12:00:00.000Z');
  });

  it('works in half- and quarter-hour time zones', () => {
    const kolkata: Schedule = { time_zone: 'Asia/Kolkata', weekly_hours: weekdays('09:00', '18:00'), holidays: [] };
    assert.equal(iso(scheduleStatus(kolkata, at('2026-11-23T00:00:00Z')).changesAt), '2026-11-23T03:30:00.000Z');
    const kathmandu: Schedule = { time_zone: 'Asia/Kathmandu', weekly_hours: weekdays('09:10', '18:00'), holidays: [] };
    assert.equal(iso(scheduleStatus(kathmandu, at('2026-11-23T00:00:00Z')).changesAt), '2026-11-23T03:25:00.000Z');
  });

  it('a schedule that never changes has no next change', () => {
    assert.deepEqual(scheduleStatus({ time_zone: 'UTC', weekly_hours: [], holidays: [] }, at('2026-11-23T10:00:00Z')), { open: false, changesAt: null });
    const always = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: '00:00', close: '24:00' }));
    assert.deepEqual(scheduleStatus({ time_zone: 'UTC', weekly_hours: always, holidays: [] }, at('2026-11-23T10:00:00Z')), { open: true, changesAt: null });
    const withHoliday = scheduleStatus({ time_zone: 'UTC', weekly_hours: always, holidays: [{ date: '2026-11-24' }] }, at('2026-11-23T10:00:00Z'));
    assert.equal(iso(withHoliday.changesAt), '2026-11-24T00:00:00.000Z', 'open all week but a holiday: closes at its midnight');
  });
});
