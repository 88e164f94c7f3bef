// /api/recordings — the recordings index and the files. Access follows the call: whoever
// may read the call may list and download its recordings. Files are served only from
// <mediaDir>/recordings, whatever the row says: the file name is reduced to its base name and
// sent relative to that root, so the dotfile rule applies to the name alone (the default
// media folder `.data/media` is under a dot-directory, which an absolute path would trip)
// and `..` cannot leave it. Range requests are answered (browsers seek in <audio>).
import { basename, resolve } from 'node:path';
import type { ApiContext } from '../api-context.js';
import { forbidden, notFound } from '../http/api-error.js';
import type { Auth } from '../http/auth.js';
import { idParams } from '../http/crud-routes.js';
import { uuid } from '../validation/fields.js';
import { s } from '../../validation/schema.js';
import { mayReadCall } from '../http/call-access.js';

const recordingView = s.object({
  id: uuid(), call_id: uuid(), file: s.string(), duration_seconds: s.number().nullable(), channels: s.integer(),
  paused_spans: s.array(s.object({ from_seconds: s.number(), to_seconds: s.number() })), created_at: s.dateTime(),
});

export function recordingsRoutes({ routes, repos, mediaDir }: ApiContext): void {
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

  routes.add([...everyone], { method: 'get', path: '/recordings', tag, summary: 'The recordings of a call', query: s.object({ call_id: uuid() }), response: s.array(recordingView) }, async ({ query, auth }) => {
    await readableCall(query.call_id, auth);
    return repos.recordings.forCall(query.call_id);
  });
  routes.add([...everyone], { method: 'get', path: '/recordings/:id', tag, summary: 'One recording\'s index entry', params: idParams, response: recordingView }, async ({ params, auth }) => readable(params.id, auth));
  routes.add([...everyone], { method: 'get', path: '/recordings/:id/file', tag, summary: 'Download a recording', params: idParams, produces: 'audio/wav' }, async ({ params, auth, res }) => {
    const recording = await readable(params.id, auth);
    const name = basename(recording.file);
    await new Promise<void>((done, failed) => res.download(name, name, { root: dir, dotfiles: 'deny' }, (err) => (err ? failed(notFound('recording file')) : done())));
  });
}
