// Issue 10, web hardening: the started center's /softphone/, /console/ and /api/* answers carry
// helmet's headers — a CSP (the softphone's allows its own files and the SIP WSS URL, the admin
// console's its own files, the API and blob: audio only; the API's allows nothing), frame-ancestors 'none' and X-Frame-Options DENY, nosniff, Referrer-Policy — and no
// HSTS over plain HTTP (HTTPS sends it: test/db/data-at-rest). That the softphone works under
// this CSP in Chromium is checked by test/e2e/softphone and test/e2e/first-call-browser, the
// console by test/e2e/console.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startCenter } from '../../e2e/helpers/center.js';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((p) => p[0]).map(([name, ...values]) => [name ?? '', values]));
}

test('security headers on /softphone/, /console/ and /api/*', { timeout: 90_000 }, async (t) => {
  const center = await startCenter(t);
  const base = `http://127.0.0.1:${center.httpPort}`;
  const urls = ['/softphone/', '/softphone/app.js', '/console/', '/console/app.js', '/api/health', '/api/agents', '/api/no-such-route', '/api/openapi.json'];
  for (const path of urls) {
    const res = await fetch(`${base}${path}`);
    await res.arrayBuffer();
    const h = res.headers;
    const csp = directives(h.get('content-security-policy') ?? '');
    t.diagnostic(`${path} ${res.status} content-security-policy: ${h.get('content-security-policy')}`);
    assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], `${path}: frame-ancestors`);
    assert.equal(h.get('x-frame-options'), 'DENY', `${path}: X-Frame-Options`);
    assert.equal(h.get('x-content-type-options'), 'nosniff', `${path}: nosniff`);
    assert.equal(h.get('referrer-policy'), 'no-referrer', `${path}: Referrer-Policy`);
    assert.equal(h.get('strict-transport-security'), null, `${path}: no HSTS over plain HTTP`);
    assert.equal(h.get('x-powered-by'), null);
    if (path.startsWith('/api/')) {
      assert.deepEqual(csp.get('default-src'), ["'none'"], `${path}: the API loads nothing`);
    } else {
      assert.equal(res.status, 200);
      assert.deepEqual(csp.get('script-src'), ["'self'"], 'no inline or foreign scripts');
      assert.ok(!JSON.stringify([...csp.values()]).includes('unsafe'), 'no unsafe-inline / unsafe-eval');
      if (path.startsWith('/console/')) {
        assert.deepEqual(csp.get('connect-src'), ["'self'"], 'the console talks to its own API only');
        assert.deepEqual(csp.get('media-src'), ["'self'", 'blob:'], 'prompt previews play from blob: URLs');
      } else {
        assert.ok(center.sb.wssUrl && csp.get('connect-src')?.includes(center.sb.wssUrl), 'the page may reach the SIP WSS URL');
      }
      assert.deepEqual(csp.get('object-src'), ["'none'"]);
    }
  }
});
