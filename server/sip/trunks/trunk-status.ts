// What the API shows of a trunk's live state: its registration at the carrier and its OPTIONS
// health. The call center supplies it (switchboard.ts); the API reads it per trunk.
import type { RegistrationStatus } from './trunk-registration.js';
import type { TrunkHealthStatus } from './trunk-health.js';

export interface TrunkStatusSource {
  registration(trunkId: string): RegistrationStatus | null;
  health(trunkId: string): TrunkHealthStatus | null;
}
