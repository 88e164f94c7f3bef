// The agent's browser in the end-to-end tests: headless Chromium with fake audio devices (a
// WAV as the microphone when given) and loopback WebRTC allowed, the softphone page opened on
// the center and signed in, registered. Closed when the test ends.
import type { TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AGENT_PASSWORDS, type Center } from './center.js';
import { NodePhone, type PhoneCall } from './node-phone.js';
import { callThroughIvr } from './ivr-caller.js';

export interface AgentPageOptions {
  username: string;
  password: string;
  /** A WAV the fake microphone plays. */
  micWav?: string;
  viewport?: { width: number; height: number };
  /** Wait for the SIP registration (default true). */
  registered?: boolean;
}

export async function launchAgentBrowser(t: TestContext, micWav?: string): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', ...(micWav ? [`--use-file-for-fake-audio-capture=${micWav}`] : []),
      '--allow-loopback-in-peer-connection', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required', '--ignore-certificate-errors', '--disable-gpu'],
  });
  t.after(() => browser.close());
  return browser;
}

/** A new page of `browser`, signed in as the agent on the center at `httpPort`. */
export async function signedInPage(browser: Browser, httpPort: number, o: AgentPageOptions): Promise<Page> {
  const page = await browser.newPage(o.viewport ? { viewport: o.viewport } : {});
  await page.goto(`http://127.0.0.1:${httpPort}/softphone/`);
  await page.fill('#username', o.username);
  await page.fill('#password', o.password);
  await page.click('#login-button');
  if (o.registered !== false) await page.waitForSelector('#registration[data-status="registered"]', { timeout: 15000 });
  return page;
}

export async function openAgentPage(t: TestContext, c: Center, o: AgentPageOptions): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchAgentBrowser(t, o.micWav);
  return { browser, page: await signedInPage(browser, c.httpPort, o) };
}

/**
 * agent1's browser, ready, answers a caller (440 Hz) who came through the demo IVR to the
 * sales queue: the page, the caller's phone and its call, with the call active on the page.
 */
export async function browserAgentInCall(t: TestContext, c: Center): Promise<{ page: Page; caller: NodePhone; call: PhoneCall }> {
  const { page } = await openAgentPage(t, c, { username: 'agent1', password: AGENT_PASSWORDS.agent1 });
  await page.click('#go-ready');
  await page.waitForSelector('#agent-state[data-state="available"]');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15551234567');
  t.after(() => caller.close());
  const { call } = await callThroughIvr(caller, 440);
  await page.waitForSelector('#call[data-status="ringing"]', { timeout: 10000 });
  await page.click('#answer');
  await page.waitForSelector('#call[data-status="active"]', { timeout: 10000 });
  return { page, caller, call };
}
