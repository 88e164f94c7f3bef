// Writes the config file of one rtpengine instance. Debian's 10.5 has no kernel module here,
// so forwarding stays in user space (table = -1). Recording is done by forking audio to Node
// (subscribe), not by rtpengine's own recording, so no recording-* keys are written.
import type { RtpengineInstanceConfig } from './types.js';

/** Ports per call: RTP+RTCP on each side of the caller and agent legs, plus forks for recording
 *  (two parties) and one listener, with headroom for the IVR leg before the agent exists. */
export const PORTS_PER_CALL = 16;

export interface RenderedConfigInput {
  instance: RtpengineInstanceConfig;
  maxCalls: number;
  /** 127.0.0.1 UDP port where rtpengine sends one JSON datagram per DTMF digit. */
  dtmfPort: number;
  logLevel: number;
}

export function portRange(instance: RtpengineInstanceConfig, maxCalls: number): { min: number; max: number } {
  const max = instance.portMax ?? instance.portMin + maxCalls * PORTS_PER_CALL - 1;
  if (max > 65535 || max <= instance.portMin) throw new Error(`rtpengine ${instance.name}: bad port range ${instance.portMin}-${max}`);
  return { min: instance.portMin, max };
}

export function renderConfig(input: RenderedConfigInput): string {
  const { instance } = input;
  const { min, max } = portRange(instance, input.maxCalls);
  const interfaces = instance.interfaces
    .map((i) => (i.advertised && i.advertised !== i.address ? `${i.address}!${i.advertised}` : i.address))
    .join(';');
  const lines = [
    '[rtpengine]',
    'table = -1',
    `interface = ${interfaces}`,
    `listen-ng = 127.0.0.1:${instance.ngPort}`,
    `port-min = ${min}`,
    `port-max = ${max}`,
    // Media timeout stays rtpengine's concern only for abandoned calls; the app deletes calls itself.
    'timeout = 60',
    'silent-timeout = 3600',
    'delete-delay = 0',
    `dtmf-log-dest = 127.0.0.1:${input.dtmfPort}`,
    `log-level = ${input.logLevel}`,
    'foreground = true',
    'log-stderr = true',
  ];
  return lines.join('\n') + '\n';
}
