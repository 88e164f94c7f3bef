// Field schemas shared by several resources: identifiers, phone numbers, addresses, names.
import { isIP } from 'node:net';
import { s } from '../../validation/schema.js';

export const uuid = () => s.string({ pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, patternMessage: 'must be a UUID', format: 'uuid' });

export const e164 = () => s.string({ pattern: /^\+[1-9]\d{1,14}$/, patternMessage: 'must be an E.164 number like +14155550100', format: 'e164' });

/** A number as callers dial or display it: E.164, or digits of an extension. */
export const phoneNumber = () => s.string({ pattern: /^\+?[0-9*#]{1,32}$/, patternMessage: 'must be digits, optionally after a +' });

export const name = () => s.string({ minLength: 1, maxLength: 200 });

export const extension = () => s.string({ pattern: /^[0-9]{2,10}$/, patternMessage: 'must be 2 to 10 digits' });

export const sipUser = () => s.string({ pattern: /^[A-Za-z0-9._~+-]{1,64}$/, patternMessage: 'must be 1 to 64 letters, digits or . _ ~ + -' });

export const hostName = () => s.string({ pattern: /^[A-Za-z0-9.-]{1,253}$|^\[?[0-9A-Fa-f:.]+\]?$/, patternMessage: 'must be a host name or IP address' });

export const username = () => s.string({ pattern: /^[A-Za-z0-9._@-]{2,64}$/, patternMessage: 'must be 2 to 64 letters, digits or . _ @ -' });
export const email = () => s.string({ pattern: /^[^\s@]+@[^\s@]+$/, patternMessage: 'must be an email address', format: 'email' });
export const password = () => s.string({ minLength: 8, maxLength: 200 }).describe('write-only; never returned');

function isCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

export const cidr = () => s.string({ format: 'cidr' }).refine((v) => (isCidr(v) ? undefined : 'must be an IP address or CIDR like 192.0.2.0/24'));

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = () => s.string({ minLength: 1 }).refine((v) => (isTimeZone(v) ? undefined : 'must be an IANA time zone like Europe/Berlin'));

export const clockTime = () => s.string({ pattern: /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, patternMessage: 'must be HH:MM (24 h)' });

export const calendarDate = () => s.string({ pattern: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, patternMessage: 'must be a date YYYY-MM-DD' });

export const skills = () => s.array(s.object({ skill: name(), proficiency: s.integer({ min: 1, max: 5 }) }), { maxItems: 100 })
  .refine((list) => (new Set(list.map((x) => x.skill)).size === list.length ? undefined : 'must not name a skill twice'));

export const destination = () => s.object({
  type: s.enum(['ivr', 'queue', 'agent', 'extension', 'hangup'] as const),
  id: uuid().optional().describe('the IVR flow, queue or agent, for those types'),
  extension: extension().optional().describe('for type extension'),
}).refine((d) => {
  if (d.type === 'extension') return d.extension ? undefined : [{ path: 'extension', message: 'is required for an extension destination' }];
  if (d.type === 'hangup') return d.id || d.extension ? 'a hangup destination takes no id or extension' : undefined;
  return d.id ? undefined : [{ path: 'id', message: `is required for a ${d.type} destination` }];
});
