// What a resource list asks the server for: the search text (typed, then sent once typing
// pauses), the sort (a column's field, again: the other way), and the page — keyset pages go
// only forward, so the cursors of the pages before are kept to go back. A new search or sort
// starts again at page 1.
import { useEffect, useState } from 'preact/hooks';

export interface ListSort {
  key: string;
  up: boolean;
}

const TYPING_PAUSE_MS = 300;

/** GET /<resource> with the search, sort and page. */
export function listPath(resource: string, q: { search: string; sort: ListSort | null; after: string | undefined }, limit: number): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (q.search) query.set('q', q.search);
  if (q.sort) query.set('sort', `${q.sort.up ? '' : '-'}${q.sort.key}`);
  if (q.after) query.set('after', q.after);
  return `/${resource}?${query.toString()}`;
}

export function useListQuery() {
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<ListSort | null>(null);
  const [after, setAfter] = useState<string | undefined>(undefined);
  const [back, setBack] = useState<(string | undefined)[]>([]);
  const restart = (): void => {
    setAfter(undefined);
    setBack([]);
  };
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === search) return undefined;
    const timer = setTimeout(() => {
      setSearch(trimmed);
      restart();
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, search]);
  return {
    text, setText, search, sort, after,
    page: back.length + 1,
    sortBy(key: string): void {
      setSort((s) => ({ key, up: s?.key === key ? !s.up : true }));
      restart();
    },
    next(cursor: string): void {
      setBack((b) => [...b, after]);
      setAfter(cursor);
    },
    previous(): void {
      setAfter(back[back.length - 1]);
      setBack((b) => b.slice(0, -1));
    },
  };
}

export type ListQuery = ReturnType<typeof useListQuery>;
