// A table of one page of a resource's rows, as the server searched, sorted and paged them
// (list-query.ts says what is asked): a search box, a click on a sortable column's header
// sorts by it (again: the other way), Previous and Next pages. Each row ends with its actions
// (edit, delete, extras).
import type { ComponentChildren } from 'preact';
import type { Json } from './api.js';
import type { ListQuery } from './list-query.js';

export interface Column {
  key: string;
  label: string;
  /** The cell's text; the field's value by default. */
  text?: (row: Json) => string;
  /** The cell's content, when it is more than text (a status pill). */
  render?: (row: Json) => ComponentChildren;
}

export interface ResourceListProps {
  id: string;
  label: string;
  columns: Column[];
  rows: Json[];
  query: ListQuery;
  /** The fields the server sorts by; other columns' headers are plain. */
  sortable: string[];
  /** What the search finds (the API's words), or null when the list has no search. */
  searchHint: string | null;
  /** The next page's cursor, null on the last page. */
  next: string | null;
  actions: (row: Json) => ComponentChildren;
}

export function cellText(column: Column, row: Json): string {
  if (column.text) return column.text(row);
  const v = row[column.key];
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function ResourceList({ id, label, columns, rows, query, sortable, searchHint, next, actions }: ResourceListProps) {
  const { sort } = query;
  const header = (c: Column) => {
    if (!sortable.includes(c.key)) return c.label;
    return <button type="button" class="sort" onClick={() => query.sortBy(c.key)}>{c.label}{sort?.key === c.key ? (sort.up ? ' ▲' : ' ▼') : ''}</button>;
  };
  const empty = query.search ? 'Nothing matches the search.' : query.page > 1 ? 'Nothing on this page.' : 'None yet.';
  return (
    <div class="resource-list">
      {searchHint === null ? null : (
        <label class="search">Search {label.toLowerCase()}
          <input id={`${id}-search`} type="search" value={query.text} aria-describedby={`${id}-search-hint`} onInput={(e) => query.setText(e.currentTarget.value)} />
          <span class="hint" id={`${id}-search-hint`}>{searchHint}</span>
        </label>
      )}
      <table id={id}>
        <caption class="sr-only">{label}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" aria-sort={sort?.key === c.key ? (sort.up ? 'ascending' : 'descending') : undefined}>{header(c)}</th>
            ))}
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={String(row.id)} data-id={String(row.id)}>
              {columns.map((c, i) => (i === 0 ? <th scope="row" key={c.key}>{c.render ? c.render(row) : cellText(c, row)}</th> : <td key={c.key}>{c.render ? c.render(row) : cellText(c, row)}</td>))}
              <td class="row-actions">{actions(row)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p class="dim">{empty}</p> : null}
      {query.page > 1 || next ? (
        <nav class="pager" aria-label={`Pages of ${label.toLowerCase()}`}>
          <button type="button" id={`${id}-previous`} disabled={query.page === 1} onClick={query.previous}>Previous</button>
          <span id={`${id}-page`}>Page {query.page}</span>
          <button type="button" id={`${id}-next`} disabled={!next} onClick={() => next && query.next(next)}>Next</button>
        </nav>
      ) : null}
    </div>
  );
}
