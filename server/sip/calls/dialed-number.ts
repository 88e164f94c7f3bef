// The number a caller dialed, from the Request-URI user part: visual separators removed, a
// leading + kept. Candidates are tried as written, then with and without the +, so that
// `sip:15550100@…` finds a DID provisioned as +15550100.
export function dialedNumber(requestUri: string): string | undefined {
  const m = /^sips?:([^@;]+)@/i.exec(requestUri);
  if (!m?.[1]) return undefined;
  const user = decodeURIComponent(m[1]).replace(/[\s().-]/g, '');
  return /^\+?[0-9*#]{1,32}$/.test(user) ? user : undefined;
}

export function numberCandidates(dialed: string): string[] {
  const bare = dialed.replace(/^\+/, '');
  return [...new Set([dialed, `+${bare}`, bare])];
}
