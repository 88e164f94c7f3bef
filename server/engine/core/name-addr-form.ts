// From, To and Contact as drachtio-server writes them: sofia-sip re-encodes those headers in
// name-addr form, `<sip:alice@host>;tag=x`, whatever form the app used. A bare `sip:…` is valid
// SIP too (RFC 3261 §20.10), but peers that take the target out of these headers with a regex
// like `<sip:(.*)>` (sipp scenarios in drachtio's own suites) break on it, so the engine
// writes drachtio's form. In an addr-spec every `;param` is a header parameter (§20), so it
// goes outside the brackets.
import type { SipMessage } from '../sip/message.js';

/** `sip:a@h;tag=1` → `<sip:a@h>;tag=1`; name-addrs, `*` and anything else are left alone. */
export function nameAddr(value: string): string {
  if (!/^sips?:/i.test(value) || value.includes('<') || value.includes('"')) return value;
  const semi = value.indexOf(';');
  return semi === -1 ? `<${value}>` : `<${value.slice(0, semi)}>${value.slice(semi)}`;
}

/**
 * Rewrites the named headers (From, To and every Contact, comma lists too, by default) of an
 * app's message in place. Responses and in-dialog requests pass only Contact: their From and
 * To are the dialog's own, echoed as the peer wrote them.
 */
export function toNameAddrForm(msg: SipMessage, keys: readonly string[] = ['from', 'to', 'contact']): void {
  for (const h of msg.headers) {
    if (!keys.includes(h.key) || h.value.includes('<')) continue;
    h.value = h.key === 'contact' ? h.value.split(',').map((c) => nameAddr(c.trim())).join(', ') : nameAddr(h.value);
  }
}
