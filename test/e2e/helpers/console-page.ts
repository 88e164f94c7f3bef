// The admin console in the end-to-end tests: Chromium at 1366×768 on the center's /console/,
// signed in, with every console message and page error kept, so a test can assert that the
// page broke no Content Security Policy rule and threw nothing. Screenshots go into docs/ when
// UPDATE_DOCS_SCREENSHOT=1 (a plain run leaves the tree clean).
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchAgentBrowser } from './agent-page.js';
import type { Center } from './center.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

export interface ConsolePage {
  page: Page;
  /** Console messages and page errors, as text. */
  messages: string[];
  /** Fails if the page reported a CSP violation or an uncaught error. */
  assertClean(): void;
  shot(name: string): Promise<void>;
}

/** The console signed in as `user`, in a browser of its own or in `browser` (a supervisor's, with their softphone). */
export async function openConsole(t: TestContext, c: Center, user = { username: 'admin', password: 'admin-secret-pw' }, browser?: Browser): Promise<ConsolePage> {
  browser ??= await launchAgentBrowser(t);
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const messages: string[] = [];
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  await page.goto(`http://127.0.0.1:${c.httpPort}/console/`);
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click('#login-button');
  const shots = mkdtempSync(join(tmpdir(), 'sb-console-shots-'));
  t.after(() => rmSync(shots, { recursive: true, force: true }));
  return {
    page, messages,
    assertClean: () => {
      assert.deepEqual(messages.filter((m) => /Content Security Policy/i.test(m)), [], 'no CSP violation');
      assert.deepEqual(messages.filter((m) => m.startsWith('pageerror')), [], 'no uncaught error in the page');
    },
    shot: async (name) => {
      await page.screenshot({ path: join(shots, name) });
      if (process.env.UPDATE_DOCS_SCREENSHOT === '1') copyFileSync(join(shots, name), join(ROOT, 'docs', name));
    },
  };
}

/** Opens a resource's page from the navigation. */
export async function goTo(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: title, exact: true }).click();
  await page.waitForSelector(`#page-title:text-is("${title}")`);
}

/** Submits the open resource form and waits for its dialog to close. */
export async function submitForm(page: Page, label = 'Create'): Promise<void> {
  await page.locator('#resource-dialog').getByRole('button', { name: label, exact: true }).click();
  try {
    await page.waitForSelector('#resource-dialog', { state: 'detached', timeout: 10000 });
  } catch (err) {
    const errors = await page.locator('#resource-dialog [role=alert]').allTextContents();
    throw new Error(`the form stayed open: ${errors.filter(Boolean).join(' | ') || String(err)}`);
  }
}

/** A row's button, by its accessible name ("Edit sales", "Members of billing"). */
export async function rowButton(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
}

/** Opens an IVR flow in the visual editor from the IVR flows list; resolves once its graph is drawn. */
export async function openFlow(page: Page, name: string, drawnNode = 'menu'): Promise<void> {
  await goTo(page, 'IVR flows');
  await page.getByRole('link', { name: `Open ${name}` }).click();
  await page.waitForSelector(`#flow-graph [data-node="${drawnNode}"]`);
}
