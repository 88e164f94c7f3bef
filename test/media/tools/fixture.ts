// A MediaServer for one test: its own work dir, ng port and RTP port range (a random block in
// 30000-59999, unlikely to meet other engineers' concurrent tests), torn down by the caller.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { MediaServer, PORTS_PER_CALL } from '../../../media/index.js';
import type { MediaServerConfig } from '../../../media/index.js';
import { freePort } from '../../helpers/ports.js';
import { RtpEndpoint } from './rtp-endpoint.js';

export interface MediaFixture {
  media: MediaServer;
  workDir: string;
  endpoint(): Promise<RtpEndpoint>;
  close(): Promise<void>;
}

export async function startMedia(overrides: Partial<MediaServerConfig> & { instanceCount?: number; maxCalls?: number } = {}): Promise<MediaFixture> {
  const workDir = mkdtempSync(join(tmpdir(), 'switchboard-media-'));
  const maxCalls = overrides.maxCalls ?? 20;
  const count = overrides.instanceCount ?? 1;
  // One random block for the fixture, the instances' ranges side by side in it: two instances
  // of one fixture never share ports.
  const span = maxCalls * PORTS_PER_CALL;
  const base = 30000 + randomInt(0, Math.floor((29000 - count * span) / 16)) * 16;
  const instances = [];
  for (let i = 0; i < count; i++) {
    instances.push({ name: `rtp${i}`, interfaces: [{ address: '127.0.0.1' }], ngPort: await freePort(), portMin: base + i * span });
  }
  const media = new MediaServer({ instances, workDir, maxCalls, healthIntervalMs: 500, ...overrides });
  const endpoints: RtpEndpoint[] = [];
  await media.start();
  return {
    media,
    workDir,
    async endpoint() {
      const e = await RtpEndpoint.open();
      endpoints.push(e);
      return e;
    },
    async close() {
      for (const e of endpoints) e.close();
      await media.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
