// /api/recordings — the recordings index and the files. Access follows the call: whoever
// may read the call may find and download its recordings (a search is narrowed to those
// calls; asking for another agent's or queue's is a 403). Each download is audited (who,
// which recording, from which address, which byte range). Files are served only from
// <mediaDir>/recordings, whatever the row says: the file name is reduced to its base name and
// sent relative to that root, so the dotfile rule applies to the name alone (the default
// media folder `.data/media` is under a dot-directory, which an absolute path would trip)
// and `..` cannot leave it. Range requests are answered (browsers seek in <audio>).
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { ApiContext } from '../api-context.js';
import type { FoundRecording } from '../../db/recordings.repository.js';
import { forbidden, notFound } from '../http/api-error.js';
import { requestOrigin } from '../http/audit-log.js';
import type { Auth } from '../http/auth.js';
import { checkedScope, mayReadCall } from '../http/call-access.js';
import { idParams, pageSchema } from '../http/crud-routes.js';
import { phoneNumber, uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import { directions, dispositions } from './calls.routes.js';

const pausedSpans = s.array(s.object({ from_seconds: s.number(), to_seconds: s.number() })).describe('when recording was paused (PCI), seconds from its start: silence in the file');
const recordingView = s.object({
  id: uuid(), call_id: uuid(), file: s.string(), duration_seconds: s.number().nullable(), channels: s.integer(),
  paused_spans: pausedSpans, created_at: s.dateTime(),
});

const parties = ['caller', 'agent', 'called'] as const;
const foundView = s.object({
  ...recordingView.shape,
  channel_parties: s.array(s.enum(parties)).describe('whose voice each channel of the WAV is, in channel order'),
  started_at: s.dateTime().describe('when the call started'), direction: s.enum(directions), from_number: s.string(), to_number: s.string(),
  queue_id: uuid().nullable(), agent_id: uuid().nullable(), disposition: s.enum(dispositions).nullable(),
});

const searchQuery = s.object({
  call_id: uuid().optional().describe('the recordings of this call'),
  since: s.dateTime().optional().describe('calls started at or after'),
  until: s.dateTime().optional().describe('calls started before'),
  number: phoneNumber().optional().describe('a part of the caller\'s or the called number'),
  queue_id: uuid().optional(),
  agent_id: uuid().optional(),
  disposition: s.enum(dispositions).optional(),
  limit: s.integer({ min: 1, max: 500 }).optional().describe('page size, 50 by default'),
  after: uuid().optional().describe('the `next` of the previous page'),
}).refine((q) => (q.since && q.until && q.since >= q.until ? [{ path: 'until', message: 'must be after since' }] : undefined));

/**
 * The recorder forks side A to channel 1 and side B to channel 2 (media/media-server.ts): the
 * caller then the agent of an inbound call; an agent's outbound call has the agent as side A;
 * an internal call is between two extensions, the caller's first.
 */
function channelParties(r: FoundRecording): (typeof parties)[number][] {
  if (r.channels !== 2) return [];
  if (r.direction === 'outbound') return ['agent', 'called'];
  return r.direction === 'internal' ? ['caller', 'called'] : ['caller', 'agent'];
}

export function recordingsRoutes({ routes, repos, audit, mediaDir }: ApiContext): void {
  const tag = 'recordings';
  const everyone = ['admin', 'supervisor', 'agent'] as const;
  const dir = resolve(mediaDir, 'recordings');
  const readableCall = async (callId: string, auth: Auth) => {
    const call = await repos.calls.get(callId);
    if (!call) throw notFound('call');
    if (!(await mayReadCall(auth, call))) throw forbidden('you may not see this call');
  };
  const readable = async (id: string, auth: Auth) => {
    const recording = await repos.recordings.get(id);
    if (!recording) throw notFound('recording');
    await readableCall(recording.call_id, auth);
    return recording;
  };

  routes.add([...everyone], { method: 'get', path: '/recordings', tag, summary: 'Search recordings by their call, newest call first', query: searchQuery, response: pageSchema(foundView) }, async ({ query: q, auth }) => {
    if (q.call_id) await readableCall(q.call_id, auth);
    const page = await repos.recordings.search({
      callId: q.call_id, since: q.since, until: q.until, number: q.number, queueId: q.queue_id, agentId: q.agent_id, disposition: q.disposition,
      limit: q.limit ?? 50, after: q.after, scope: await checkedScope(auth, { queueId: q.queue_id, agentId: q.agent_id }),
    });
    return { items: page.items.map((r) => ({ ...r, channel_parties: channelParties(r) })), next: page.next };
  });
  routes.add([...everyone], { method: 'get', path: '/recordings/:id', tag, summary: 'One recording\'s index entry', params: idParams, response: recordingView }, async ({ params, auth }) => readable(params.id, auth));
  routes.add([...everyone], { method: 'get', path: '/recordings/:id/file', tag, summary: 'Download a recording (each request is an audit entry)', params: idParams, produces: 'audio/wav' }, async ({ params, auth, req, res }) => {
    const recording = await readable(params.id, auth);
    const name = basename(recording.file);
    await stat(resolve(dir, name)).catch(() => { throw notFound('recording file'); });
    // Written before the bytes go out: a download broken off halfway was still a download.
    await audit.record({ ...requestOrigin(req, auth), action: 'download', resource: 'recording', resourceId: recording.id, after: { call_id: recording.call_id, file: name, range: req.get('range') ?? null } });
    await new Promise<void>((done, failed) => res.download(name, name, { root: dir, dotfiles: 'deny' }, (err) => (err ? failed(notFound('recording file')) : done())));
  });
}
