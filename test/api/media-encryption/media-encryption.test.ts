// The SDES-SRTP settings (migration 0008): agents.media_encryption ('none' | 'optional' |
// 'required') and trunks.media_encryption ('optional' | 'required') are stored, shown in GET,
// changed by PATCH, refused with 400 naming the field for any other value, and documented in
// the OpenAPI document with their values.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi } from '../api-harness.js';

type Props = Record<string, { enum?: string[]; description?: string }>;

describeEachApi('media encryption settings', (get) => {
  it('agents: default none, each value stored and shown, a bad value is a 400 naming the field', { timeout: 30000 }, async () => {
    const { request } = get();
    const base = { name: 'Sam', extension: '3300', sip_username: 'sam3', sip_password: 'sam-sip-password' };
    const created = await request('POST', '/agents', { body: base });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.media_encryption, 'none');
    for (const value of ['required', 'optional', 'none']) {
      const patched = await request('PATCH', `/agents/${created.body.id}`, { body: { media_encryption: value } });
      assert.equal(patched.status, 200, patched.text);
      assert.equal((await request('GET', `/agents/${created.body.id}`)).body.media_encryption, value);
    }
    for (const bad of ['srtp', 'REQUIRED', 1, null]) {
      const refused = await request('PATCH', `/agents/${created.body.id}`, { body: { media_encryption: bad } });
      assert.equal(refused.status, 400, `${JSON.stringify(bad)}: ${refused.text}`);
      assert.ok(refused.body.details?.some((d) => d.path === 'body.media_encryption'), refused.text);
    }
    const required = await request('POST', '/agents', { body: { ...base, extension: '3301', sip_username: 'sam4', media_encryption: 'required' } });
    assert.equal(required.status, 201, required.text);
    assert.equal(required.body.media_encryption, 'required');
  });

  it('trunks: default optional, required stored, none and other values refused naming the field', { timeout: 30000 }, async () => {
    const { request } = get();
    const base = { name: 'srtp-carrier', auth_type: 'ip', allowed_cidrs: ['192.0.2.20'] };
    const created = await request('POST', '/trunks', { body: base });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.media_encryption, 'optional');
    const patched = await request('PATCH', `/trunks/${created.body.id}`, { body: { media_encryption: 'required' } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal((await request('GET', `/trunks/${created.body.id}`)).body.media_encryption, 'required');
    for (const bad of ['none', 'sdes', true]) {
      const refused = await request('PATCH', `/trunks/${created.body.id}`, { body: { media_encryption: bad } });
      assert.equal(refused.status, 400, refused.text);
      assert.ok(refused.body.details?.some((d) => d.path === 'body.media_encryption'), refused.text);
    }
  });

  it('the OpenAPI document lists the values of both settings', { timeout: 30000 }, async () => {
    const doc = await get().request('GET', '/openapi.json', { token: null });
    const paths = doc.body.paths as Record<string, { post?: { requestBody?: { content: Record<string, { schema: { properties: Props } }> } } }>;
    const props = (path: string): Props => paths[path]?.post?.requestBody?.content['application/json']?.schema.properties ?? {};
    assert.deepEqual(props('/api/agents').media_encryption?.enum, ['none', 'optional', 'required']);
    assert.match(props('/api/agents').media_encryption?.description ?? '', /RTP\/SAVP/);
    assert.deepEqual(props('/api/trunks').media_encryption?.enum, ['optional', 'required']);
    assert.match(props('/api/trunks').media_encryption?.description ?? '', /488/);
  });
});
