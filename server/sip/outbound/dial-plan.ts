// The center's dial plan: how a number an agent dials becomes E.164 (the default country's
// national numbers get +CC, the international prefix becomes +), and which destination class
// an E.164 number falls in (national / international / premium) together with the high-risk
// prefix it matches, if any. Pure functions: the toll-fraud guard decides on their answer.

export type DestinationClass = 'internal' | 'national' | 'international' | 'premium';
export const DESTINATION_CLASSES: readonly DestinationClass[] = ['internal', 'national', 'international', 'premium'];

export interface DialPlan {
  /** Country calling code of the center's own country, digits only ('1', '44'). */
  countryCode: string;
  /** Trunk prefix of national numbers ('0' in most countries, '1' in the NANP). */
  nationalPrefix: string;
  /** Prefix of international numbers dialed without '+' ('00', '011'). */
  internationalPrefix: string;
  /** E.164 prefixes billed at premium rate (class premium). */
  premiumPrefixes: readonly string[];
  /** E.164 prefixes refused for everyone: international revenue-share fraud destinations. */
  highRiskPrefixes: readonly string[];
}

/**
 * Premium-rate ranges of common countries. Conservative: a center that needs one of them
 * grants the premium class to the agents who may call it.
 */
export const DEFAULT_PREMIUM_PREFIXES: readonly string[] = [
  '+1900', '+1976', // NANP 900 / 976
  '+449', '+4487', '+4470', // UK 09, 087, 070 (personal numbers, a classic fraud range)
  '+3389', '+3381', '+3382', // France 089, 081, 082
  '+49900', '+49137', '+49190', // Germany
  '+34803', '+34806', '+34807', '+34905', // Spain
  '+39899', '+39892', // Italy
  '+61190', // Australia
];

/**
 * Destinations known for international revenue-share fraud and one-ring scams: satellite and
 * global networks, and small networks with very high termination rates (including the NANP's
 * Caribbean area codes, which look like national numbers to a US center).
 */
export const DEFAULT_HIGH_RISK_PREFIXES: readonly string[] = [
  '+870', '+881', '+882', '+883', '+888', '+979', // satellite, global networks, international premium
  '+252', '+247', '+290', '+375', '+53', '+222', '+224', '+231', '+232', '+235', '+239', '+245',
  '+674', '+675', '+676', '+677', '+678', '+682', '+683', '+686', '+688', '+690', '+691', '+692',
  '+1242', '+1246', '+1264', '+1268', '+1284', '+1345', '+1441', '+1473', '+1649', '+1664',
  '+1767', '+1809', '+1829', '+1849', '+1868', '+1869', '+1876',
];

/** NANP area codes outside the US and Canada: international for a center in country 1. */
const NANP_FOREIGN = new Set(['242', '246', '264', '268', '284', '340', '345', '441', '473', '649', '658', '664', '670', '671', '684', '721', '758', '767', '784', '787', '809', '829', '849', '868', '869', '876', '939']);

export const defaultDialPlan = (countryCode = '1'): DialPlan => ({
  countryCode,
  nationalPrefix: countryCode === '1' ? '1' : '0',
  internationalPrefix: countryCode === '1' ? '011' : '00',
  premiumPrefixes: DEFAULT_PREMIUM_PREFIXES,
  highRiskPrefixes: DEFAULT_HIGH_RISK_PREFIXES,
});

/** E.164: '+', a country code not starting with 0, at most 15 digits in all. */
const E164 = /^\+[1-9][0-9]{6,14}$/;

/**
 * The E.164 form of what was dialed (digits, an optional leading '+', separators already
 * removed), or undefined when it is not a telephone number (too short, '*' or '#').
 */
export function toE164(dialed: string, plan: DialPlan): string | undefined {
  if (!/^\+?[0-9]+$/.test(dialed)) return undefined;
  let e164: string;
  if (dialed.startsWith('+')) e164 = dialed;
  else if (plan.internationalPrefix && dialed.startsWith(plan.internationalPrefix)) e164 = `+${dialed.slice(plan.internationalPrefix.length)}`;
  else if (plan.countryCode === '1') e164 = dialed.length === 11 && dialed.startsWith('1') ? `+${dialed}` : `+1${dialed}`;
  else if (plan.nationalPrefix && dialed.startsWith(plan.nationalPrefix)) e164 = `+${plan.countryCode}${dialed.slice(plan.nationalPrefix.length)}`;
  else e164 = `+${plan.countryCode}${dialed}`;
  if (plan.countryCode === '1' && e164.startsWith('+1') && e164.length !== 12) return undefined;
  return E164.test(e164) ? e164 : undefined;
}

export interface Classification {
  class: Exclude<DestinationClass, 'internal'>;
  /** The high-risk prefix the number matches: refused whatever the agent's classes. */
  highRisk?: string;
}

const longestMatch = (e164: string, prefixes: readonly string[]) =>
  prefixes.filter((p) => e164.startsWith(p)).sort((a, b) => b.length - a.length)[0];

export function classify(e164: string, plan: DialPlan): Classification {
  const highRisk = longestMatch(e164, plan.highRiskPrefixes);
  const extra = highRisk ? { highRisk } : {};
  if (longestMatch(e164, plan.premiumPrefixes)) return { class: 'premium', ...extra };
  const own = `+${plan.countryCode}`;
  const national = e164.startsWith(own) && !(plan.countryCode === '1' && NANP_FOREIGN.has(e164.slice(2, 5)));
  return { class: national ? 'national' : 'international', ...extra };
}
