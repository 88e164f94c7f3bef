// Reads the subset of drachtio.conf.xml the engine honours: sip contacts, admin listener,
// cdrs, spammers, timers, udp-mtu, user-agent-options-auto-respond, and our own
// options-auto-respond (unrouted | always | off). Unknown elements are
// warned about and skipped. A tiny element parser is enough for this flat, known format.
import type { EngineOptions } from './config.js';
import { ConfigError, parseContactSpec } from './config.js';
import type { EngineConfig, SipContact, SpammerRule } from './config.types.js';

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlElement[];
}

export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#root', attrs: {}, text: '', children: [] };
  const stack = [root];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const m of xml.matchAll(re)) {
    const top = stack[stack.length - 1];
    if (!top) throw new ConfigError('unbalanced XML');
    if (m[1] !== undefined) top.text += m[1];
    else if (m[6] !== undefined) top.text += decode(m[6]);
    else if (m[3]) {
      if (m[2]) {
        if (top.name !== m[3]) throw new ConfigError(`XML: </${m[3]}> does not close <${top.name}>`);
        stack.pop();
        continue;
      }
      const attrs: Record<string, string> = {};
      for (const a of (m[4] ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1] ?? ''] = decode(a[2] ?? a[3] ?? '');
      const el: XmlElement = { name: m[3], attrs, text: '', children: [] };
      top.children.push(el);
      if (!m[5]) stack.push(el);
    }
  }
  if (stack.length !== 1) throw new ConfigError('XML: unclosed element');
  return root;
}

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

const child = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);

/** Options from a drachtio.conf.xml; `warn` hears about each element that is ignored. */
export function optionsFromXml(xml: string, warn: (msg: string) => void): EngineOptions {
  const root = child(parseXml(xml), 'drachtio');
  if (!root) throw new ConfigError('config file has no <drachtio> element');
  const opts: EngineOptions = {};
  for (const el of root.children) {
    switch (el.name) {
      case 'admin':
        opts.admin = {
          ...(el.attrs.port ? { port: Number(el.attrs.port) } : {}),
          ...(el.attrs.secret ? { secret: el.attrs.secret } : {}),
          ...(el.text.trim() ? { address: el.text.trim() } : {}),
        };
        break;
      case 'sip':
        Object.assign(opts, sipSection(el, warn));
        break;
      case 'cdrs':
        opts.cdrs = el.text.trim() === 'true';
        break;
      case 'logging':
        for (const c of el.children) {
          if (c.name === 'loglevel') opts.logLevel = logLevel(c.text.trim());
          else if (c.name === 'console') opts.stdout = true;
        }
        break;
      default:
        warn(`config: <${el.name}> is not supported and is ignored`);
    }
  }
  return opts;
}

function sipSection(el: XmlElement, warn: (msg: string) => void): EngineOptions {
  const opts: EngineOptions = {};
  const contacts: SipContact[] = [];
  for (const c of el.children) {
    switch (c.name) {
      case 'contacts':
        for (const x of c.children.filter((x) => x.name === 'contact')) contacts.push(...parseContactSpec(x.text, x.attrs['external-ip']));
        break;
      case 'contact':
        contacts.push(...parseContactSpec(c.text, c.attrs['external-ip']));
        break;
      case 'spammers':
        opts.spammers = spammers(c);
        break;
      case 'timers':
        opts.timers = {};
        for (const t of c.children) {
          if (t.name === 't1' || t.name === 't2' || t.name === 't4') opts.timers[t.name] = Number(t.text.trim());
        }
        break;
      case 'udp-mtu':
        opts.maxMessageSize = Math.max(65535, Number(c.text.trim()) || 0);
        break;
      case 'user-agent-options-auto-respond':
        opts.optionsAutoRespondUserAgent = c.text.trim();
        break;
      case 'session-timers':
        // Validated with the rest of the config, like options-auto-respond.
        opts.sessionTimerDefaultRefresher = (c.attrs['default-refresher'] ?? 'none').toLowerCase() as EngineConfig['sessionTimerDefaultRefresher'];
        break;
      case 'options-auto-respond':
        // Validated with the rest of the config: a wrong value stops start-up with the reason.
        opts.optionsAutoRespond = c.text.trim() as EngineConfig['optionsAutoRespond'];
        break;
      default:
        warn(`config: <sip><${c.name}> is not supported and is ignored`);
    }
  }
  if (contacts.length) opts.contacts = contacts;
  return opts;
}

function spammers(el: XmlElement): SpammerRule[] {
  const action = el.attrs.action === 'discard' ? 'discard' : 'reject';
  const rules: SpammerRule[] = [];
  for (const h of el.children.filter((c) => c.name === 'header')) {
    for (const v of h.children.filter((c) => c.name === 'value')) rules.push({ header: (h.attrs.name ?? '').toLowerCase(), value: v.text.trim(), action });
  }
  return rules;
}

function logLevel(v: string): 'error' | 'warn' | 'info' | 'debug' {
  if (v === 'error' || v === 'warn' || v === 'debug') return v;
  if (v === 'notice' || v === 'info') return 'info';
  return 'info';
}
