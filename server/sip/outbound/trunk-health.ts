// Whether a trunk may take an outbound call now. The trunk-registration slice owns trunk
// health (OPTIONS pings, registration state); until its isTrunkUp is plugged in here, every
// trunk counts as up and a dead one is found by its 5xx/408 (failover to the next trunk).
export type TrunkUp = (trunkId: string) => boolean;

export const everyTrunkUp: TrunkUp = () => true;
