// test-file-timeout: 3 min
// Issue 15, the console's reports view on the demo center with three days of history written as
// the ACD and the desk write it (agent states, queue events, wrap-up codes): the agents report
// per day in UTC shows in its table the figures GET /api/reports/agents gives, its chart is
// drawn (a canvas, a line per agent, drawn again for another figure), the CSV button downloads
// the API's CSV as it is; the queues report per hour shows the API's rows too. Screenshot of
// the agents report for docs/wallboard.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { startCenter, type Center } from '../../helpers/center.js';
import { apiCall, login } from '../../helpers/api.js';
import { goTo, openConsole } from '../../helpers/console-page.js';

type Row = Record<string, unknown>;
/** The text of each cell of each body row of the report table. */
const tableCells = async (page: Page) => (await page.evaluate('[...document.querySelectorAll("#report-table tbody tr")].map((tr) => [...tr.children].map((cell) => cell.textContent))')) as string[][];
const listed = (r: Row, key: string, each: (v: unknown) => string) => {
  const entries = Object.entries(r[key] as Row).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([k, v]) => `${k} ${each(v)}`).join(', ') : '—';
};
const DAY = 86_400_000;
const clock = (v: unknown) => { const s = Math.round(Number(v)); return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`; };
const percent = (v: unknown) => (v === null ? '—' : `${(Number(v) * 100).toFixed(1)}%`);

interface Shift { agent: string; queue: string; daysAgo: number; hour: number; talk: number; code: string; lunch: boolean }

/**
 * A two-hour shift (UTC) as the ACD and the desk record it: logged in at `hour`, a call rung at
 * :10 (after 20 s in the queue), talked, wrapped up for 90 s and given a code, perhaps a
 * 30-minute lunch, logged out.
 */
async function writeShifts(c: Center, shifts: Shift[]): Promise<void> {
  const db = new pg.Client({ connectionString: c.databaseUrl });
  await db.connect();
  try {
    for (const { agent, queue, daysAgo, hour, talk, code, lunch } of shifts) {
      const base = Date.parse(`${new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10)}T00:00:00Z`) + hour * 3600_000;
      const at = (seconds: number) => new Date(base + seconds * 1000);
      const states: [number, string, string | null][] = [[0, 'available', null], [600, 'ringing', null], [610, 'on-call', null], [610 + talk, 'wrap-up', null], [700 + talk, 'available', null],
        ...(lunch ? [[3600, 'away', 'lunch'], [5400, 'available', null]] as [number, string, string][] : []), [7200, 'offline', null]];
      for (const [offset, state, reason] of states) await db.query('INSERT INTO agent_state_events (agent_id, state, reason, at) VALUES ($1, $2, $3, $4)', [agent, state, reason, at(offset)]);
      const { rows } = await db.query<{ id: string }>(`INSERT INTO calls (direction, status, from_number, to_number, queue_id, agent_id, started_at, answered_at, disposition, wrap_up_code)
        VALUES ('inbound', 'completed', '+15550001111', '+15550100', $1, $2, $3, $4, 'answered', $5) RETURNING id`, [queue, agent, at(590), at(610), code]);
      const event = 'INSERT INTO call_events (call_id, event, queue_id, agent_id, data, at) VALUES ($1, $2, $3, $4, $5, $6)';
      await db.query(event, [rows[0]?.id, 'entered', queue, null, {}, at(590)]);
      await db.query(event, [rows[0]?.id, 'answered', queue, agent, { waitSeconds: 20 }, at(610)]);
      await db.query(event, [rows[0]?.id, 'completed', queue, agent, { talkSeconds: talk }, at(610 + talk)]);
    }
  } finally {
    await db.end();
  }
}

test('the reports view shows the API\'s figures in a table and a chart, and downloads its CSV', { timeout: 150_000 }, async (t) => {
  const c = await startCenter(t);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const agents = (await apiCall<{ items: Row[] }>(c, admin, '/agents?limit=500')).items;
  const queues = (await apiCall<{ items: Row[] }>(c, admin, '/queues?limit=500')).items;
  const id = (rows: Row[], field: string, value: string) => String(rows.find((r) => r[field] === value)?.id);
  const [agent1, agent2, sales, support] = [id(agents, 'extension', '1001'), id(agents, 'extension', '1002'), id(queues, 'name', 'sales'), id(queues, 'name', 'support')];
  await writeShifts(c, [
    { agent: agent1, queue: sales, daysAgo: 3, hour: 9, talk: 180, code: 'sale', lunch: false },
    { agent: agent1, queue: sales, daysAgo: 2, hour: 9, talk: 240, code: 'sale', lunch: true },
    { agent: agent2, queue: support, daysAgo: 2, hour: 13, talk: 420, code: 'solved', lunch: false },
    { agent: agent2, queue: support, daysAgo: 1, hour: 13, talk: 600, code: 'solved', lunch: true },
  ]);

  const from = new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10);
  const to = new Date().toISOString().slice(0, 10);
  const period = `since=${from}T00:00:00.000Z&until=${new Date(Date.parse(to) + DAY).toISOString()}&time_zone=UTC`;
  const agentRows = (await apiCall<{ items: Row[] }>(c, admin, `/reports/agents?${period}&interval=day`)).items;
  const withCalls = agentRows.filter((r) => Number(r.answered) > 0);
  assert.equal(withCalls.length, 4, 'the history gives each agent two days with a call');

  const con = await openConsole(t, c);
  const { page } = con;
  await page.waitForSelector('#page-title:text-is("Trunks")');
  await goTo(page, 'Reports');
  await page.selectOption('#report-kind', 'agents');
  await page.fill('#report-from', from);
  await page.fill('#report-to', to);
  await page.selectOption('#report-interval', 'day');
  await page.fill('#report-time-zone', 'UTC');
  await page.click('#report-show');
  await page.waitForSelector(`#report-table tbody tr >> nth=${agentRows.length - 1}`);

  // The table: a row per API row, in its order, with its figures.
  const table = await tableCells(page);
  assert.equal(table.length, agentRows.length);
  agentRows.forEach((r, i) => {
    const cells = table[i] ?? [];
    assert.deepEqual([cells[0], cells[1], cells[2], cells[5], cells[6], cells[7], cells[11], cells[12], cells[13]], [
      r.agent, String(r.interval_start).slice(0, 10), String(r.answered), clock(r.talk_seconds), clock(r.wrap_up_seconds), r.aht_seconds === null ? '—' : clock(r.aht_seconds),
      percent(r.occupancy), listed(r, 'not_ready_by_reason', clock), listed(r, 'dispositions', String),
    ], `row ${i}`);
  });
  const agent1Lunch = table.find((cells) => cells[0] === 'Agent 1' && cells[12] !== '—');
  assert.deepEqual(agent1Lunch && [agent1Lunch[5], agent1Lunch[12], agent1Lunch[13]], ['0:04:00', 'lunch 0:30:00', 'sale 1'], 'agent1\'s call, lunch and disposition');

  // The chart: a canvas, a line per agent in the report, drawn again for another figure.
  const subjects = new Set(agentRows.map((r) => r.agent_id)).size;
  await page.waitForSelector('#report-chart canvas');
  assert.equal(await page.locator('#report-chart .u-legend .u-series').count(), 1 + subjects, 'the time, then one series per agent');
  const pixels = () => page.evaluate('document.querySelector("#report-chart canvas").toDataURL()');
  const answeredPixels = await pixels();
  await page.selectOption('#report-figure', 'talk_seconds');
  await page.waitForSelector('#report-chart[aria-label="Talk per interval"] canvas');
  // uPlot paints on the next frame: wait for the canvas to change, then compare.
  await page.waitForFunction(`document.querySelector("#report-chart canvas").toDataURL() !== ${JSON.stringify(answeredPixels)}`, undefined, { timeout: 5000 }).catch(() => undefined);
  assert.notEqual(await pixels(), answeredPixels, 'the chart is drawn again for the figure chosen');
  assert.ok(Number(await page.evaluate('document.querySelector("#report-chart canvas").width')) > 300, 'the canvas is drawn at the chart\'s width');
  await con.shot('console-report.png');

  // CSV: the download is the API's CSV, byte for byte.
  const apiCsv = await (await fetch(`http://127.0.0.1:${c.httpPort}/api/reports/agents?${period}&interval=day&format=csv`, { headers: { authorization: `Bearer ${admin}` } })).text();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report-csv')]);
  assert.match(download.suggestedFilename(), /^agents-day-.*\.csv$/);
  assert.equal(readFileSync(await download.path(), 'utf8'), apiCsv);
  assert.equal(apiCsv.trim().split('\n').length, 1 + agentRows.length, 'a header and the same rows');

  // The queues report per hour: the API's rows.
  const queueRows = (await apiCall<{ items: Row[] }>(c, admin, `/reports/queues?${period}&interval=hour`)).items;
  await page.selectOption('#report-kind', 'queues');
  await page.selectOption('#report-interval', 'hour');
  await page.click('#report-show');
  await page.waitForSelector('#report-table[aria-label="Queue report"]');
  const queueTable = await tableCells(page);
  assert.deepEqual(queueTable.map((cells) => [cells[0], cells[1], cells[2], cells[3], cells[9]]),
    queueRows.map((r) => [r.queue, String(r.interval_start).slice(0, 16).replace('T', ' '), String(r.offered), String(r.answered), percent(r.service_level)]));
  assert.equal(queueRows.length, 4, 'an hour of each shift with its call');
  con.assertClean();
});
