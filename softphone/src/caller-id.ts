// Caller identification from an incoming INVITE: the number from the From URI, the name from
// the server's X-Contact-Name header (the contact it matched) or else the From display name.
// Header values are untrusted text: trimmed, length-capped and only ever rendered as text.

const MAX_NAME = 80;

export function callerName(contactHeader: string | undefined, displayName: string | undefined): string | null {
  const pick = (v: string | undefined): string | null => {
    const t = (v ?? '').replace(/^"|"$/g, '').trim();
    return t ? t.slice(0, MAX_NAME) : null;
  };
  return pick(safeDecode(contactHeader)) ?? pick(displayName);
}

/** The server may percent-encode non-ASCII names in the header. */
function safeDecode(v: string | undefined): string | undefined {
  if (v === undefined || !v.includes('%')) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

export function callerNumber(user: string | undefined, host: string): string {
  return (user || host).slice(0, 64);
}
