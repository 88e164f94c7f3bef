// One resource's page: its list (searched, sorted and paged by the server), "New" (a form from
// the POST body schema), and on each row
// Edit (a form from the PATCH schema, sending only what changed), Delete (confirmed; a refusal
// says which rows use it) and the resource's own extras (test call, reset password, ...).
import type { ComponentChildren, VNode } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ErrorLine } from '../../softphone/src/ui/error-line.js';
import { errorText, type ConsoleApi, type Json } from './api.js';
import { Confirm, Dialog } from './dialog.js';
import { ResourceForm } from './form.js';
import { ResourceList, type Column } from './list.js';
import { listPath, useListQuery } from './list-query.js';
import { rowName, type Lookups } from './lookups.js';
import type { JsonSchema, ListAbilities, Schemas } from './schema.js';

/** Rows a page. */
const PAGE = 25;

export interface PageContext {
  api: ConsoleApi;
  schemas: Schemas;
  lookups: Lookups;
  /** Shows a dialog (replacing any other); null closes it. */
  open: (dialog: VNode | null) => void;
  close: () => void;
  /** Loads the list again (after a change an extra made). */
  reload: () => void;
}

export interface ResourceConfig {
  path: string;
  title: string;
  noun: string;
  columns: Column[];
  /** Another endpoint that creates the rows (agents: /agent-accounts), and what follows its reply. */
  create?: { path: string; after?: (reply: Json, ctx: PageContext) => void };
  /** Fixed choices for fields of the forms (a prompt's voice). */
  choices?: (api: ConsoleApi) => Promise<Record<string, string[]>>;
  rowActions?: (row: Json, ctx: PageContext) => ComponentChildren;
  toolbar?: (ctx: PageContext) => ComponentChildren;
}

export function ResourcePage({ config, api, schemas, lookups }: { config: ResourceConfig; api: ConsoleApi; schemas: Schemas; lookups: Lookups }) {
  const [rows, setRows] = useState<Json[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [dialog, setDialog] = useState<VNode | null>(null);
  const [choices, setChoices] = useState<Record<string, string[]>>({});
  const [abilities, setAbilities] = useState<ListAbilities>({ sortable: [], search: null });
  const query = useListQuery();
  const { search, sort, after } = query;
  // Only the latest request's answer is shown: an earlier search answering late is dropped.
  const latest = useRef(0);

  const load = useCallback(async (): Promise<void> => {
    const asked = ++latest.current;
    try {
      const page = await api.get<{ items: Json[]; next: string | null }>(listPath(config.path, { search, sort, after }, PAGE));
      if (asked !== latest.current) return;
      setRows(page.items);
      setNext(page.next);
      setError('');
    } catch (err) {
      if (asked === latest.current) setError(errorText(err));
    }
  }, [api, config.path, search, sort, after]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    setDialog(null);
    void config.choices?.(api).then(setChoices, () => setChoices({}));
    void schemas.list(config.path).then(setAbilities, (err: unknown) => setError(errorText(err)));
  }, [config, api, schemas]);

  const close = (): void => setDialog(null);
  const ctx: PageContext = { api, schemas, lookups, open: setDialog, close, reload: () => void load() };
  const changed = (): void => {
    lookups.changed(config.path);
    void load();
  };

  const openForm = async (row?: Json): Promise<void> => {
    const createPath = config.create?.path ?? `/${config.path}`;
    let schema: JsonSchema;
    try {
      schema = await schemas.body(row ? 'patch' : 'post', row ? `/api/${config.path}/{id}` : `/api${createPath}`);
    } catch (err) {
      setError(errorText(err));
      return;
    }
    const title = row ? `Edit ${config.noun} ${rowName(row)}` : `New ${config.noun}`;
    const submit = async (body: Json): Promise<void> => {
      if (row) {
        if (Object.keys(body).length) await api.call('PATCH', `/${config.path}/${String(row.id)}`, body);
        close();
      } else {
        const reply = await api.call('POST', createPath, body);
        if (config.create?.after) config.create.after(reply, ctx);
        else close();
      }
      changed();
    };
    setDialog(
      <Dialog id="resource-dialog" title={title} onClose={close} wide>
        <ResourceForm id={`${config.path}-form`} schema={schema} {...(row ? { row } : {})} lookups={lookups} choices={choices} submitLabel={row ? 'Save' : 'Create'} submit={submit} />
      </Dialog>,
    );
  };

  const remove = (row: Json): void => setDialog(
    <Confirm question={`Delete ${config.noun} ${rowName(row)}? This cannot be undone.`} action="Delete" onClose={close}
      run={async () => {
        await api.call('DELETE', `/${config.path}/${String(row.id)}`);
        changed();
      }} />,
  );

  return (
    <section aria-labelledby="page-title" class="page">
      <div class="page-head">
        <h2 id="page-title">{config.title}</h2>
        <button type="button" id="new" class="go" onClick={() => void openForm()}>New {config.noun}</button>
        {config.toolbar?.(ctx)}
      </div>
      <ErrorLine id="page-error" text={error} />
      <ResourceList id={`${config.path}-list`} label={config.title} columns={config.columns} rows={rows} query={query}
        sortable={abilities.sortable} searchHint={abilities.search} next={next}
        actions={(row) => (
          <>
            <button type="button" aria-label={`Edit ${rowName(row)}`} onClick={() => void openForm(row)}>Edit</button>
            {config.rowActions?.(row, ctx)}
            <button type="button" aria-label={`Delete ${rowName(row)}`} onClick={() => remove(row)}>Delete</button>
          </>
        )} />
      {dialog}
    </section>
  );
}
