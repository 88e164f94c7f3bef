// The center's conference setting, checked when the center starts: a value it does not know
// is refused there, never accepted and ignored.
import { defaultConferenceSettings, lastAgentChoices, type ConferenceSettings, type LastAgentLeaves } from './conference.types.js';

export type { ConferenceSettings };

export function checkedConferenceSettings(given: Partial<ConferenceSettings> = {}): ConferenceSettings {
  const lastAgentLeaves = given.lastAgentLeaves ?? defaultConferenceSettings.lastAgentLeaves;
  if (!lastAgentChoices.includes(lastAgentLeaves as LastAgentLeaves)) {
    throw new Error(`conference.lastAgentLeaves must be one of ${lastAgentChoices.join(', ')}, got ${String(lastAgentLeaves)}`);
  }
  return { lastAgentLeaves };
}
