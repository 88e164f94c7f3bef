// The console's resources: their list columns and extras. Their forms come from the API's
// schemas (page.tsx), so nothing here names a field of a form.
import { Pill } from '../../softphone/src/ui/pill.js';
import type { Json } from './api.js';
import { importAgents, PromptAudio, queueMembers, resetPassword, resetSipPassword, ScheduleOpenNow, showAccountPasswords, testCall } from './extras.js';
import { useChoices, type Lookups } from './lookups.js';
import type { ResourceConfig } from './page.js';
import { destinationResource } from './schema.js';

const col = (key: string, label: string) => ({ key, label });

function status(row: Json, key: 'registration' | 'health'): string {
  const s = row[key] as { state?: string; status?: string; last_status?: number | null; last_reason?: string | null } | null;
  if (!s) return key === 'registration' ? 'not registering' : 'not checked';
  const word = s.state ?? s.status ?? '';
  return s.last_reason && word !== 'registered' && word !== 'up' ? `${word} (${s.last_status ?? ''} ${s.last_reason})`.replace('( ', '(') : word;
}

function StatusPill({ row, kind }: { row: Json; kind: 'registration' | 'health' }) {
  const s = row[kind] as { state?: string; status?: string } | null;
  return <Pill data-status={s?.state ?? s?.status ?? 'none'} data-kind={kind}>{status(row, kind)}</Pill>;
}

function DestinationName({ row, lookups }: { row: Json; lookups: Lookups }) {
  const d = row.destination as { type: string; id?: string; extension?: string } | null;
  const choices = useChoices(lookups, d ? destinationResource[d.type] : undefined);
  if (!d) return null;
  return <>{d.type}{d.id ? `: ${choices.find((c) => c.id === d.id)?.name ?? '…'}` : d.extension ? ` ${d.extension}` : ''}</>;
}

/** The number's destination as text for search and sort: its type (names load later). */
const destinationText = (row: Json): string => {
  const d = row.destination as { type?: string; extension?: string } | null;
  return [d?.type, d?.extension].filter(Boolean).join(' ');
};

export function resources(lookups: Lookups): ResourceConfig[] {
  return [
    {
      path: 'trunks', title: 'Trunks', noun: 'trunk',
      columns: [col('name', 'Name'), col('auth_type', 'Auth'), { key: 'registration', label: 'Registration', text: (r) => status(r, 'registration'), render: (r) => <StatusPill row={r} kind="registration" /> },
        { key: 'health', label: 'Health', text: (r) => status(r, 'health'), render: (r) => <StatusPill row={r} kind="health" /> }, col('codecs', 'Codecs'), col('max_channels', 'Channels'), col('enabled', 'Enabled')],
      rowActions: testCall,
    },
    {
      path: 'numbers', title: 'Numbers', noun: 'number',
      columns: [col('e164', 'Number'), { key: 'destination', label: 'Destination', text: destinationText, render: (r) => <DestinationName row={r} lookups={lookups} /> }, col('description', 'Description')],
    },
    {
      path: 'queues', title: 'Queues', noun: 'queue',
      columns: [col('name', 'Name'), col('strategy', 'Strategy'), col('ring_timeout_seconds', 'Ring timeout (s)'), col('max_wait_seconds', 'Max wait (s)'), col('service_level_seconds', 'Service level (s)'), col('wrap_up_codes', 'Wrap-up codes')],
      rowActions: queueMembers,
    },
    {
      path: 'agents', title: 'Agents', noun: 'agent',
      columns: [col('name', 'Name'), col('extension', 'Extension'), col('sip_username', 'SIP user'), { key: 'skills', label: 'Skills', text: (r) => ((r.skills ?? []) as { skill: string; proficiency: number }[]).map((s) => `${s.skill} ${s.proficiency}`).join(', ') }],
      create: { path: '/agent-accounts', after: showAccountPasswords },
      rowActions: resetSipPassword,
      toolbar: importAgents,
    },
    {
      path: 'users', title: 'Users', noun: 'user',
      columns: [col('username', 'Username'), col('display_name', 'Name'), col('role', 'Role'), col('email', 'Email'), col('disabled', 'Disabled')],
      rowActions: resetPassword,
    },
    {
      path: 'schedules', title: 'Schedules', noun: 'schedule',
      columns: [col('name', 'Name'), col('time_zone', 'Time zone'), { key: 'weekly_hours', label: 'Days open', text: (r) => String(((r.weekly_hours ?? []) as unknown[]).length) }, { key: 'holidays', label: 'Holidays', text: (r) => String(((r.holidays ?? []) as unknown[]).length) }],
      rowActions: (row, c) => <ScheduleOpenNow row={row} ctx={c} />,
    },
    {
      path: 'prompts', title: 'Prompts', noun: 'prompt',
      columns: [col('name', 'Name'), col('kind', 'Kind'), col('text', 'Text'), col('voice', 'Voice'), { key: 'audio_file', label: 'Audio', text: (r) => (r.audio_file ? 'uploaded' : r.kind === 'text' ? 'spoken' : 'none') }],
      choices: async (api) => ({ voice: (await api.get<{ languages: string[] }>('/prompts/voices')).languages }),
      rowActions: (row, c) => <PromptAudio row={row} ctx={c} />,
    },
  ];
}
