// test-file-timeout: 10 s
// An agent script's placeholders (server/sip/calls/agent-script.ts): known names are filled,
// unknown ones are empty, and a value is text — markdown and HTML in it are escaped, so a
// caller's name or a typed value cannot change the script's shape or inject markup.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from 'marked';
import { fillScript } from '../../../server/sip/calls/agent-script.js';

const values = { caller: { number: '+15550007777', name: 'Ada **Bold** <img src=x onerror=alert(1)>', company: null }, queue: 'sales', variables: { account: '4711' } };

describe('agent script placeholders', { timeout: 10_000 }, () => {
  it('fills caller, queue and IVR values; unknown names are empty', () => {
    assert.equal(fillScript('{{queue.name}}: {{ivr.account}} {{ caller.number }} [{{caller.company}}] [{{ivr.missing}}] [{{other.x}}]', values), 'sales: 4711 \\+15550007777 [] [] []');
  });

  it('a value is text: its markdown and HTML do not render', () => {
    const filled = marked.parse(fillScript('Hello {{caller.name}}', values), { async: false });
    assert.doesNotMatch(filled, /<strong>|<img/);
    assert.match(filled, /Ada \*\*Bold\*\* &lt;img src=x onerror=alert\(1\)&gt;/);
  });
});
