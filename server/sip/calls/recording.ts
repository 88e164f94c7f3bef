// Recording of a connected call: both parties forked into a two-channel WAV when the agent
// answers (an agent's outbound call: when the carrier answers), and the files indexed in
// `recordings` when the call's media is deleted.
import { basename } from 'node:path';
import type { RecordingInfo } from '../../../media/index.js';
import type { Call } from './call.js';
import type { Repositories } from '../../db/index.js';

/** A recording that will not start must not end the call: logged, the call goes on. */
export async function startRecording(call: Call): Promise<void> {
  await call.deps.media.startRecording(call.id).catch((err: unknown) => call.log.warn({ err: String(err) }, 'recording did not start'));
}

/** Indexes the files of a call's ended media (an outbound call's too: outbound-media.ts). */
export async function saveRecordings(repos: Pick<Repositories, 'recordings'>, callId: string, recordings: RecordingInfo[]): Promise<void> {
  for (const r of recordings) {
    await repos.recordings.add({
      call_id: callId, file: basename(r.path), duration_seconds: Math.round(r.durationMs / 1000), channels: r.channels,
      paused_spans: r.pausedSpans.map((p) => ({ from_seconds: p.startMs / 1000, to_seconds: p.endMs / 1000 })),
    });
  }
}
