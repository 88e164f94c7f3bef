// test-file-timeout: 3 min
// Issue 13's screen-pop and wrap-up in the browser, on the whole center: a caller (a known
// contact) types an account number in the IVR and waits in sales; the page rings and shows the
// queue, the wait, the IVR path, the account number, the contact, their last calls and the
// queue's script with those values filled in (sanitized: nothing in it runs). The
// agent writes a note while it rings, answers, the caller hangs up; the wrap-up asks for one
// of the queue's codes (required: "Done" without one is refused), the agent picks one and is
// available again at once. The record holds code and note; "My calls" lists it and calls back;
// the caller's next call shows code and note in its history. Closing the tab logs agent1 out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { AGENT_PASSWORDS, eventually, startCenter, type Center } from '../../helpers/center.js';
import { apiRequest as api, login } from '../../helpers/api.js';
import { openAgentPage } from '../../helpers/agent-page.js';
import { NodePhone, type PhoneCall } from '../../helpers/node-phone.js';
import { demoFlow, reposOf } from '../../../sip/calls/helpers/call-rig.js';

const CALLER = '+15550007777';
const ROOT = join(import.meta.dirname, '..', '..', '..', '..', '..');

/** A screenshot of the page, into docs/ when UPDATE_DOCS_SCREENSHOT=1 (so a plain run leaves the tree clean). */
async function shot(page: Page, dir: string, name: string): Promise<void> {
  await page.screenshot({ path: join(dir, name), fullPage: true });
  if (process.env.UPDATE_DOCS_SCREENSHOT === '1') copyFileSync(join(dir, name), join(ROOT, 'docs', name));
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));


/** The caller dials, types the account number and #, and waits in sales. */
async function callWithAccount(c: Center, caller: NodePhone, account: string): Promise<PhoneCall> {
  const call = await caller.call('15550100');
  caller.rtp.start(440);
  await sleep(1200);
  for (const d of `${account}#`) {
    caller.rtp.sendRfc4733Digit(d);
    await sleep(250);
  }
  return call;
}

async function ringingAndAnswer(page: Page): Promise<void> {
  await page.waitForSelector('#call[data-status="ringing"]', { timeout: 15000 });
}

test('screen-pop while ringing, notes, a required wrap-up code, and the history of the next call', { timeout: 180_000 }, async (t) => {
  const c = await startCenter(t, { wrapUpSeconds: 60 });
  const shots = mkdtempSync(join(tmpdir(), 'sb-desk-shots-'));
  t.after(() => rmSync(shots, { recursive: true, force: true }));
  const repos = reposOf(c);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales);
  assert.equal((await api(c, admin, 'PATCH', `/queues/${sales.id}`, {
    wrap_up_codes: ['sale', 'no-sale', 'call-back'], wrap_up_code_required: true,
    script: '## Hello {{caller.name}}\n\nAccount **{{ivr.account}}** at {{caller.company}}.\n\n- Offer the premium plan\n\n<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">',
  })).status, 200);
  await repos.contacts.create({ phone_number: CALLER, name: 'Ada Lovelace', company: 'Analytical Engines' });
  await demoFlow(repos, {
    start: 'account',
    nodes: {
      account: { verb: 'gather', prompt: 'Enter your account number, then hash', variable: 'account', max_digits: 8, min_digits: 4, terminator: '#', inter_digit_timeout_seconds: 3, next: 'sales' },
      sales: { verb: 'queue', queue: 'sales' },
    },
  });

  const { page } = await openAgentPage(t, c, { username: 'agent1', password: AGENT_PASSWORDS.agent1, viewport: { width: 1366, height: 768 } });
  await page.click('#go-ready');
  await page.waitForSelector('#agent-state[data-state="available"]');

  // 1. The first call: screen-pop while it rings.
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, CALLER);
  t.after(() => caller.close());
  const first = await callWithAccount(c, caller, '4711');
  await ringingAndAnswer(page);
  await page.waitForSelector('#desk:not([hidden]) #pop-vars dd[data-variable="account"]', { timeout: 5000 });
  assert.equal(await page.textContent('#pop-vars dd[data-variable="account"]'), '4711');
  assert.equal(await page.textContent('#pop-queue'), 'sales');
  assert.match((await page.textContent('#pop-wait')) ?? '', /^\d+ s$/);
  assert.match((await page.textContent('#pop-ivr')) ?? '', /account/);
  assert.match((await page.textContent('#pop-contact')) ?? '', /Ada Lovelace, Analytical Engines/);
  assert.match((await page.textContent('#pop-history')) ?? '', /First call/);
  // The queue's script, the call's values in it, rendered; what could run was removed.
  assert.equal(await page.textContent('#pop-script h2'), 'Hello Ada Lovelace');
  assert.equal(await page.textContent('#pop-script strong'), '4711');
  assert.match((await page.textContent('#pop-script')) ?? '', /at Analytical Engines\./);
  assert.equal(await page.textContent('#pop-script li'), 'Offer the premium plan');
  assert.equal(await page.locator('#pop-script script, #pop-script img, #pop-script [onerror]').count(), 0);
  assert.equal(await page.evaluate('window.__pwned'), undefined);
  await shot(page, shots, 'desk-ringing.png');
  // W: straight to the notes, typed by keyboard.
  await page.locator('body').press('w');
  assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'call-notes');
  await page.keyboard.type('Wants the premium plan');
  await page.click('#save-notes');
  await page.waitForSelector('#desk-status:text("Notes saved")');
  await page.click('#answer');
  await page.waitForSelector('#call[data-status="active"]', { timeout: 10000 });
  await sleep(1500);
  assert.equal(await page.isVisible('#recording'), true, 'the recording pill shows in the call');
  assert.match((await page.textContent('#call-timer')) ?? '', /^00:0\d$/);
  await shot(page, shots, 'desk-in-call.png');
  assert.equal(await first.hangup(), 'SIP/2.0 200 OK');

  // 2. Wrap-up: the code is required; with one, the agent is available at once (not after 60 s).
  await page.waitForSelector('#wrap-up:not([hidden])', { timeout: 10000 });
  await page.waitForSelector('#agent-state[data-state="wrap-up"]', { timeout: 5000 });
  // The wrap-up timer counts down from the queue's 60 s to the end the center announced.
  const left = async (): Promise<number> => {
    const m = /(\d+):(\d\d) left/.exec((await page.textContent('#wrap-up-timer')) ?? '');
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  };
  const leftFirst = await eventually(async () => { const v = await left(); return Number.isFinite(v) ? v : undefined; }, 5000, 'a countdown');
  assert.ok(leftFirst > 50 && leftFirst <= 60, `about 60 s left (${leftFirst})`);
  await sleep(2100);
  const leftLater = await left();
  assert.ok(leftLater <= leftFirst - 1 && leftLater >= leftFirst - 3, `counting down (${leftFirst} → ${leftLater})`);
  await page.click('#wrap-up-done');
  await page.waitForSelector('#desk-status:text("required")', { timeout: 5000 });
  await page.selectOption('#wrap-up-code', 'sale');
  await shot(page, shots, 'desk-wrap-up.png');
  // D, from anywhere but a field, finishes the wrap-up.
  await page.locator('#desk-title').click();
  await page.keyboard.press('d');
  await page.waitForSelector('#agent-state[data-state="available"]', { timeout: 5000 });
  const calls = (await api(c, admin, 'GET', `/calls?number=${encodeURIComponent(CALLER)}`)).body.items as { id: string; wrap_up_code: string | null; notes: string | null; variables: Record<string, string> }[];
  const callId = calls[0]?.id ?? '';
  const token1 = await login(c, 'agent1', AGENT_PASSWORDS.agent1);
  const token2 = await login(c, 'agent2', AGENT_PASSWORDS.agent2);
  assert.equal((await api(c, token2, 'POST', `/calls/${callId}/wrap-up`, { notes: 'not mine' })).status, 403, 'another agent may not');
  const badCode = await api(c, token1, 'POST', `/calls/${callId}/wrap-up`, { code: 'refund' });
  assert.equal(badCode.status, 400);
  assert.match(JSON.stringify(badCode.body), /body\.code.*sale, no-sale, call-back/);
  assert.equal((await api(c, token2, 'GET', `/calls/${callId}/screen-pop`)).status, 404, 'no screen-pop of a call that is over');
  assert.equal(calls[0]?.wrap_up_code, 'sale');
  assert.equal(calls[0]?.notes, 'Wants the premium plan');
  assert.equal(calls[0]?.variables.account, '4711');

  // My calls: the call is listed with its code; Call back dials the caller through outbound
  // routing (none here: the refusal is shown, which proves the click went the dial's way).
  await page.waitForSelector(`#history-list li[data-number="${CALLER}"]`, { timeout: 5000 });
  assert.match((await page.textContent('#history-list')) ?? '', /inbound · \+15550007777 · answered · sale/);
  await page.click(`#history-list li[data-number="${CALLER}"] .call-back`);
  assert.equal(await page.inputValue('#dial-target'), CALLER);
  await eventually(async () => (((await page.textContent('#dial-error')) ?? '').includes('403') ? true : undefined), 10000, 'the call back refused for want of a route');
  await page.fill('#dial-target', '');

  // 3. The next call from the number shows the last one's code and note.
  const second = await callWithAccount(c, caller, '4711');
  await ringingAndAnswer(page);
  await eventually(async () => (((await page.textContent('#pop-history')) ?? '').includes('Wants the premium plan') ? true : undefined), 5000, 'the note in the history');
  assert.match((await page.textContent('#pop-history')) ?? '', /sales · sale · Wants the premium plan/);
  // The contact, updated from the call.
  await page.fill('#contact-company', 'Analytical Engines Ltd');
  await page.click('#save-contact');
  await page.waitForSelector('#desk-status:text("Contact saved")', { timeout: 5000 });
  assert.equal((await repos.contacts.findByPhoneNumber(CALLER))?.company, 'Analytical Engines Ltd');
  await page.click('#answer');
  await page.waitForSelector('#call[data-status="active"]', { timeout: 10000 });
  await sleep(500);
  assert.equal(await second.hangup(), 'SIP/2.0 200 OK');

  // 4. The tab closes: agent1 is signed out of the ACD at once, no call rings a page that is gone.
  await page.close({ runBeforeUnload: true });
  const agent1Id = (await api(c, admin, 'GET', '/agents')).body.items as { id: string; sip_username: string }[];
  const id = agent1Id.find((a) => a.sip_username === 'agent1')?.id;
  await eventually(async () => (c.sb.acd.snapshot().agents.find((a) => a.agentId === id)?.status === 'logged-out' ? true : undefined), 5000, 'agent1 logged out when the tab closed');
});
