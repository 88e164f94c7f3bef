// test-file-timeout: 90 s
// Issue 13's "usable at 1366×768 and on a narrow window, keyboard-first, accessible": at a
// laptop's 1366×768 and a 400 px wide window the signed-in desk has no sideways scrolling and
// every control of the call is on screen (reachable by scrolling down at most); every button
// with a shortcut shows its key, and the key works; the call status is a live region.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_PASSWORDS, startCenter } from '../../helpers/center.js';
import { launchAgentBrowser, signedInPage } from '../../helpers/agent-page.js';

const controls = ['#go-ready', '#go-not-ready', '#answer', '#hangup', '#mute', '#hold', '#dial-target', '#logout'];

test('the desk fits a 1366×768 laptop and a 400 px window; shortcuts are shown and work', { timeout: 90_000 }, async (t) => {
  const c = await startCenter(t);
  const browser = await launchAgentBrowser(t);
  for (const viewport of [{ width: 1366, height: 768 }, { width: 400, height: 800 }]) {
    const page = await signedInPage(browser, c.httpPort, { username: 'agent1', password: AGENT_PASSWORDS.agent1, viewport });
    const size = { scroll: Number(await page.evaluate('document.documentElement.scrollWidth')), client: Number(await page.evaluate('document.documentElement.clientWidth')) };
    assert.ok(size.scroll <= size.client, `${viewport.width}px: no sideways scrolling (${size.scroll} > ${size.client})`);
    for (const selector of controls) {
      const box = await page.locator(selector).boundingBox();
      assert.ok(box && box.width > 0 && box.x >= 0 && box.x + box.width <= viewport.width, `${viewport.width}px: ${selector} is inside the window (${JSON.stringify(box)})`);
    }
    // Every shortcut is shown on its control (a field's on its label), and the page answers the key.
    const shortcuts = await page.locator('[aria-keyshortcuts]').evaluateAll((els) => els.map((el) => ({ id: el.id, key: el.getAttribute('aria-keyshortcuts'), shown: (el.querySelector('kbd') ?? el.closest('label')?.querySelector('kbd'))?.textContent ?? null })));
    assert.ok(shortcuts.length >= 8, `shortcut controls: ${shortcuts.map((s) => s.id).join(', ')}`);
    for (const s of shortcuts) assert.equal(s.shown, s.key, `${s.id} shows its key ${s.key}`);
    await page.locator('#state-title').click();
    await page.keyboard.press('r');
    await page.waitForSelector('#agent-state[data-state="available"]', { timeout: 5000 });
    await page.keyboard.press('c');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'dial-target', 'C goes to the dial field');
    assert.equal(await page.getAttribute('#call-status', 'aria-live'), 'assertive', 'an incoming call is announced');
    await page.locator('#state-title').click();
    await page.keyboard.press('n');
    await page.waitForSelector('#agent-state[data-state="not-ready"]', { timeout: 5000 });
    await page.click('#logout');
    await page.close();
  }
});
