// test-file-timeout: 3 min
// Issue 14, the admin console: prompts in the browser — an audio prompt gets a WAV uploaded
// (made here with sox) and "Play" plays it (fetched with the token, an <audio> on a blob: URL
// that loads); a text prompt with a voice picked from the center's voices plays spoken. The
// console's CSP (media-src blob:) lets both play: no violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startCenter } from '../../helpers/center.js';
import { apiRequest as api, login } from '../../helpers/api.js';
import { goTo, openConsole, rowButton, submitForm } from '../../helpers/console-page.js';

/** Plays the prompt's audio in the page; its <audio> must load a blob: URL with some duration. */
async function playWorks(page: Page, name: string): Promise<void> {
  await rowButton(page, `Play ${name}`);
  const audio = page.locator(`audio[aria-label="Audio of ${name}"]`);
  await audio.waitFor({ timeout: 10000 });
  assert.match((await audio.getAttribute('src')) ?? '', /^blob:/);
  for (let i = 0; i < 50; i++) {
    const state = await audio.evaluate((el) => ({ ready: (el as unknown as { readyState: number }).readyState, duration: (el as unknown as { duration: number }).duration }));
    if (state.ready > 0 && state.duration > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the audio of ${name} did not load`);
}

test('upload a WAV prompt and play it; a text prompt plays spoken', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-console-wav-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const wav = join(dir, 'greeting.wav');
  execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', wav, 'synth', '1.5', 'sine', '440']);
  const c = await startCenter(t, { demo: false });
  const con = await openConsole(t, c);
  const { page } = con;
  await goTo(page, 'Prompts');

  await page.click('#new');
  await page.fill('#f-name', 'greeting');
  await page.selectOption('#f-kind', 'audio');
  await submitForm(page);
  await rowButton(page, 'Upload audio of greeting');
  await page.setInputFiles('#upload-form-input', wav);
  await page.locator('#upload-form').getByRole('button', { name: 'Upload' }).click();
  await page.waitForSelector('#upload-form-result:text("Uploaded greeting.wav")', { timeout: 15000 });
  await page.keyboard.press('Escape');
  await page.waitForSelector('#upload', { state: 'detached' });
  await page.waitForSelector('#prompts-list td:text-is("uploaded")');
  await playWorks(page, 'greeting');

  await page.click('#new');
  await page.fill('#f-name', 'welcome');
  await page.selectOption('#f-kind', 'text');
  await page.fill('#f-text', 'Welcome to Switchboard');
  await page.selectOption('#f-voice', 'en-us');
  await submitForm(page);
  await playWorks(page, 'welcome');
  con.assertClean();

  const admin = await login(c, 'admin', 'admin-secret-pw');
  const prompts = (await api<{ items: { name: string; kind: string; voice: string | null; audio_file: string | null }[] }>(c, admin, 'GET', '/prompts')).body.items;
  assert.ok(prompts.find((p) => p.name === 'greeting' && p.kind === 'audio' && p.audio_file));
  assert.ok(prompts.find((p) => p.name === 'welcome' && p.kind === 'text' && p.voice === 'en-us'));
});
