// What a call needs from the rest of the center, handed in by installCallCenter.
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import type { Repositories } from '../../db/index.js';
import type { MediaServer } from '../../../media/index.js';
import type { AcdService } from '../../acd/index.js';
import type { PromptSource } from '../../ivr/index.js';

/**
 * Admission of a new call on its trunk (channel limits): `admit` answers before anything is
 * set up; the call calls release() exactly once when it ends. sip-defence's trunk-limits.ts
 * has this shape.
 */
export interface CallAdmission {
  admit(trunkId: string): { ok: true; release(): void } | { ok: false; retryAfterSec: number; reason: string };
}

export interface CallCenterDeps {
  srf: Srf;
  repos: Repositories;
  media: MediaServer;
  acd: AcdService;
  logger: Logger;
  realm: string;
  /** Music for callers waiting in a queue that names none. */
  defaultMusic: PromptSource;
  /** Optional per-trunk admission (channel limits); without it every identified call is admitted. */
  admission?: CallAdmission;
}

/** Leg tags the call uses with the media server. */
export const CALLER = 'caller';
export const AGENT = 'agent';
