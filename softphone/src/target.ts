// What the agent typed as a transfer, consult or dial target: an agent's extension (up to six
// digits, as the center's REFER handling reads it) or an outside number (a + or seven digits
// and more). Spaces, dashes, dots and brackets of a pasted number are dropped.
export type PartyTarget = { kind: 'extension'; value: string } | { kind: 'number'; value: string };

export function cleanDialString(text: string): string {
  return text.trim().replace(/[\s().-]/g, '');
}

export function partyTarget(text: string): PartyTarget | null {
  const value = cleanDialString(text);
  if (/^[0-9]{2,6}$/.test(value)) return { kind: 'extension', value };
  if (/^(\+[0-9]{3,32}|[0-9]{7,32})$/.test(value)) return { kind: 'number', value };
  return null;
}
