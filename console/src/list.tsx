// A table of a resource's rows: a search box that filters the loaded rows on the visible
// columns, sorting by a click on a column's header (again: the other way), and "More" for the
// next page (the API's `next` cursor). Each row ends with its actions (edit, delete, extras).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Json } from './api.js';

export interface Column {
  key: string;
  label: string;
  /** The cell's text (searched and sorted on); the field's value by default. */
  text?: (row: Json) => string;
  /** The cell's content, when it is more than text (a status pill). */
  render?: (row: Json) => ComponentChildren;
}

export interface ResourceListProps {
  id: string;
  label: string;
  columns: Column[];
  rows: Json[];
  more: (() => void) | null;
  actions: (row: Json) => ComponentChildren;
}

export function cellText(column: Column, row: Json): string {
  if (column.text) return column.text(row);
  const v = row[column.key];
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function ResourceList({ id, label, columns, rows, more, actions }: ResourceListProps) {
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: string; up: boolean } | null>(null);
  const needle = search.trim().toLowerCase();
  const shown = rows.filter((row) => !needle || columns.some((c) => cellText(c, row).toLowerCase().includes(needle)));
  const by = sort ? columns.find((c) => c.key === sort.key) : undefined;
  if (by && sort) shown.sort((a, b) => cellText(by, a).localeCompare(cellText(by, b), undefined, { numeric: true }) * (sort.up ? 1 : -1));
  const sortBy = (key: string): void => setSort((s) => ({ key, up: s?.key === key ? !s.up : true }));
  return (
    <div class="resource-list">
      <label class="search">Search {label.toLowerCase()}
        <input id={`${id}-search`} type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      </label>
      <table id={id}>
        <caption class="sr-only">{label}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" aria-sort={sort?.key === c.key ? (sort.up ? 'ascending' : 'descending') : undefined}>
                <button type="button" class="sort" onClick={() => sortBy(c.key)}>{c.label}{sort?.key === c.key ? (sort.up ? ' ▲' : ' ▼') : ''}</button>
              </th>
            ))}
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={String(row.id)} data-id={String(row.id)}>
              {columns.map((c, i) => (i === 0 ? <th scope="row" key={c.key}>{c.render ? c.render(row) : cellText(c, row)}</th> : <td key={c.key}>{c.render ? c.render(row) : cellText(c, row)}</td>))}
              <td class="row-actions">{actions(row)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 ? <p class="dim">{rows.length ? 'Nothing matches the search.' : 'None yet.'}</p> : null}
      {more ? <button type="button" id={`${id}-more`} onClick={more}>More</button> : null}
    </div>
  );
}
