// What some resources have beyond list and form: a trunk's test call, an agent's CSV import,
// the passwords reset and shown once, a schedule's "open now?", a queue's members, a prompt's
// audio upload and playback (fetched with the token, played from a blob: URL).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorLine } from '../../softphone/src/ui/error-line.js';
import { StatusLine } from '../../softphone/src/ui/status-line.js';
import { errorText, type Json } from './api.js';
import { Confirm, Dialog, Secrets, type Secret } from './dialog.js';
import { ResourceForm } from './form.js';
import { rowName, useChoices } from './lookups.js';
import type { PageContext } from './page.js';

/** A form of one input and a button whose reply is shown under it (test call, upload). */
function OneShot({ id, label, input, action, run }: { id: string; label: string; input: 'tel' | 'file'; action: string; run: (value: string | File) => Promise<string> }) {
  const [value, setValue] = useState<string | File>('');
  const [result, setResult] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError('');
    setResult(`${action}…`);
    try {
      setResult(await run(value));
    } catch (err) {
      setResult('');
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form id={id} onSubmit={(e) => void submit(e)}>
      <label>{label}
        {input === 'file'
          ? <input id={`${id}-input`} type="file" accept=".wav,.mp3,.csv,audio/wav,audio/mpeg,text/csv" onChange={(e) => setValue(e.currentTarget.files?.[0] ?? '')} />
          : <input id={`${id}-input`} type="tel" value={typeof value === 'string' ? value : ''} onInput={(e) => setValue(e.currentTarget.value)} />}
      </label>
      <div class="actions"><button type="submit" class="go" disabled={busy || !value}>{action}</button></div>
      <StatusLine id={`${id}-result`}>{result}</StatusLine>
      <ErrorLine id={`${id}-error`} text={error} />
    </form>
  );
}

interface TestCallReply { outcome: string; status: number; reason: string; ringing_ms: number | null; answered_ms: number | null }

export function testCall(row: Json, ctx: PageContext) {
  const run = async (to: string | File): Promise<string> => {
    const r = await ctx.api.call<TestCallReply>('POST', `/trunks/${String(row.id)}/test-call`, { to });
    const timing = r.outcome === 'answered' && r.answered_ms !== null ? ` answered after ${r.answered_ms} ms` : r.ringing_ms !== null ? ` (rang for ${r.ringing_ms} ms)` : '';
    return `${r.status} ${r.reason}${timing}`;
  };
  return (
    <button type="button" aria-label={`Test call on ${rowName(row)}`} onClick={() => ctx.open(
      <Dialog id="test-call" title={`Test call on ${rowName(row)}`} onClose={ctx.close}>
        <p>Places one call through the trunk; the answer hears a spoken test line and is hung up.</p>
        <OneShot id="test-call-form" label="Number to call" input="tel" action="Call" run={run} />
      </Dialog>,
    )}>Test call</button>
  );
}

/** A reset that makes a new password, confirmed first, shown once after. */
function resetButton(row: Json, ctx: PageContext, what: 'password' | 'SIP password', path: string, key: string) {
  const name = rowName(row);
  return (
    <button type="button" aria-label={`Reset ${what} of ${name}`} onClick={() => ctx.open(
      <Confirm question={`Make a new ${what} for ${name}? The old one stops working at once.`} action={`Reset ${what}`} onClose={ctx.close}
        run={() => ctx.api.call('POST', path)}
        done={(reply) => ctx.open(<Secrets title={`New ${what} of ${name}`} intro={`The new ${what} of ${name}.`} secrets={[{ label: what, value: String(reply[key]) }]} onClose={ctx.close} />)} />,
    )}>Reset {what}</button>
  );
}

export const resetPassword = (row: Json, ctx: PageContext) => resetButton(row, ctx, 'password', `/users/${String(row.id)}/reset-password`, 'password');
export const resetSipPassword = (row: Json, ctx: PageContext) => resetButton(row, ctx, 'SIP password', `/agents/${String(row.id)}/reset-sip-password`, 'sip_password');

/** The passwords a new agent got, from /agent-accounts (one or, from a CSV, many). */
function accountSecrets(reply: Json): Secret[] {
  const agent = (reply.agent ?? {}) as Json;
  const user = (reply.user ?? {}) as Json;
  const who = `${String(agent.name ?? user.username)} (${String(user.username)})`;
  return [
    ...(typeof reply.password === 'string' ? [{ label: `Sign-in password of ${who}`, value: reply.password }] : []),
    ...(typeof reply.sip_password === 'string' ? [{ label: `SIP password of ${who}`, value: reply.sip_password }] : []),
  ];
}

export function showAccountPasswords(reply: Json, ctx: PageContext): void {
  const secrets = accountSecrets(reply);
  if (!secrets.length) return ctx.close();
  ctx.open(<Secrets title="Agent created" intro="The generated passwords of the new agent." secrets={secrets} onClose={ctx.close} />);
}

export function importAgents(ctx: PageContext) {
  const run = async (file: string | File): Promise<string> => {
    if (typeof file === 'string') return '';
    const reply = await ctx.api.upload<{ items: Json[] }>('POST', '/agent-accounts/import', await file.text(), 'text/csv');
    ctx.lookups.changed('agents');
    ctx.reload();
    ctx.open(<Secrets title={`${reply.items.length} agents created`} intro="The generated passwords of the new agents." secrets={reply.items.flatMap(accountSecrets)} onClose={ctx.close} />);
    return '';
  };
  return (
    <button type="button" id="import-csv" onClick={() => ctx.open(
      <Dialog id="import" title="Import agents from CSV" onClose={ctx.close}>
        <p>A header row naming columns of: name, username, extension (required), email, sip_username, skills (<code>spanish:4;english:5</code>), queue_ids (<code>;</code> between), wrap_up_seconds. All rows are created, or none.</p>
        <OneShot id="import-form" label="CSV file" input="file" action="Import" run={run} />
      </Dialog>,
    )}>Import CSV</button>
  );
}

interface ScheduleStatus { open: boolean; changes_at: string | null; time_zone: string }

export function ScheduleOpenNow({ row, ctx }: { row: Json; ctx: PageContext }) {
  const [text, setText] = useState('');
  const ask = async (): Promise<void> => {
    try {
      const s = await ctx.api.get<ScheduleStatus>(`/schedules/${String(row.id)}/status`);
      const when = s.changes_at ? new Date(s.changes_at).toLocaleString(undefined, { timeZone: s.time_zone, weekday: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }) : '';
      setText(`${s.open ? 'Open' : 'Closed'} now${when ? `; ${s.open ? 'closes' : 'opens'} ${when}` : ''}`);
    } catch (err) {
      setText(errorText(err));
    }
  };
  return (
    <>
      <button type="button" aria-label={`Open now? ${rowName(row)}`} onClick={() => void ask()}>Open now?</button>
      <StatusLine id={`open-now-${String(row.id)}`}>{text}</StatusLine>
    </>
  );
}

export function queueMembers(row: Json, ctx: PageContext) {
  return <button type="button" aria-label={`Members of ${rowName(row)}`} onClick={() => ctx.open(<Members queue={row} ctx={ctx} />)}>Members</button>;
}

interface Member { agent_id: string; penalty?: number; paused?: boolean }

function Members({ queue, ctx }: { queue: Json; ctx: PageContext }) {
  const base = `/queues/${String(queue.id)}/members`;
  const [members, setMembers] = useState<Member[]>([]);
  const [error, setError] = useState('');
  const [schema, setSchema] = useState<Awaited<ReturnType<typeof ctx.schemas.body>> | null>(null);
  const agents = useChoices(ctx.lookups, 'agents');
  const load = (): void => void ctx.api.get<Member[]>(base).then(setMembers, (err: unknown) => setError(errorText(err)));
  useEffect(() => {
    load();
    void ctx.schemas.body('post', '/api/queues/{id}/members').then(setSchema, (err: unknown) => setError(errorText(err)));
  }, []);
  const remove = (m: Member): void => void ctx.api.call('DELETE', `${base}/${m.agent_id}`).then(load, (err: unknown) => setError(errorText(err)));
  const nameOf = (id: string): string => agents.find((a) => a.id === id)?.name ?? id;
  return (
    <Dialog id="members" title={`Members of ${rowName(queue)}`} onClose={ctx.close} wide>
      <table id="members-list">
        <thead><tr><th scope="col">Agent</th><th scope="col">Penalty</th><th scope="col">Paused</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.agent_id}>
              <th scope="row">{nameOf(m.agent_id)}</th><td>{m.penalty ?? 0}</td><td>{m.paused ? 'yes' : 'no'}</td>
              <td><button type="button" aria-label={`Remove ${nameOf(m.agent_id)}`} onClick={() => remove(m)}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {members.length ? null : <p class="dim">No members yet.</p>}
      <ErrorLine id="members-error" text={error} />
      <h3>Add a member</h3>
      {schema ? <ResourceForm key={members.length} id="member-form" schema={schema} lookups={ctx.lookups} submitLabel="Add" submit={async (body) => {
        await ctx.api.call('POST', base, body);
        load();
      }} /> : null}
    </Dialog>
  );
}

export function PromptAudio({ row, ctx }: { row: Json; ctx: PageContext }) {
  const [src, setSrc] = useState('');
  const [error, setError] = useState('');
  const audio = useRef<HTMLAudioElement>(null);
  useEffect(() => () => {
    if (src) URL.revokeObjectURL(src);
  }, [src]);
  const play = async (): Promise<void> => {
    try {
      const blob = await ctx.api.blob('GET', `/prompts/${String(row.id)}/audio`);
      setError('');
      setSrc(URL.createObjectURL(blob));
      window.setTimeout(() => void audio.current?.play().catch(() => undefined), 0);
    } catch (err) {
      setError(errorText(err));
    }
  };
  const upload = async (file: string | File): Promise<string> => {
    if (typeof file === 'string') return '';
    const type = /\.mp3$/i.test(file.name) || file.type === 'audio/mpeg' ? 'audio/mpeg' : 'audio/wav';
    await ctx.api.upload('PUT', `/prompts/${String(row.id)}/audio`, file, type);
    ctx.reload();
    return `Uploaded ${file.name}`;
  };
  const name = rowName(row);
  return (
    <>
      <button type="button" aria-label={`Play ${name}`} onClick={() => void play()}>Play</button>
      <button type="button" aria-label={`Upload audio of ${name}`} onClick={() => ctx.open(
        <Dialog id="upload" title={`Audio of ${name}`} onClose={ctx.close}>
          <p>A WAV or MP3 file; the center converts it to 8 kHz mono.</p>
          <OneShot id="upload-form" label="Audio file" input="file" action="Upload" run={upload} />
        </Dialog>,
      )}>Upload audio</button>
      {src ? <audio ref={audio} controls src={src} aria-label={`Audio of ${name}`} /> : null}
      <ErrorLine id={`play-error-${String(row.id)}`} text={error} />
    </>
  );
}
