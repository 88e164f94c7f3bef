// One observable state object and the hook views read it with. State is replaced, never
// mutated: update() gets the old state and returns the new one, so a view re-renders only when
// the part it selected is a different object (or value) than before.
import { useLayoutEffect, useReducer, useRef } from 'preact/hooks';

export interface Store<T> {
  get(): T;
  update(next: (state: T) => T): void;
  /** Shallow-merges `part` into the object under `key` (a slice of the state). */
  patch<K extends keyof T>(key: K, part: Partial<T[K]>): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  const update = (next: (s: T) => T): void => {
    const after = next(state);
    if (after === state) return;
    state = after;
    for (const l of [...listeners]) l();
  };
  return {
    get: () => state,
    update,
    patch: (key, part) => update((s) => ({ ...s, [key]: { ...s[key], ...part } })),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The part of the store's state `select` picks; the component re-renders when it changes. */
export function useStore<T, S>(store: Store<T>, select: (state: T) => S): S {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const selected = select(store.get());
  const last = useRef({ select, selected });
  last.current = { select, selected };
  useLayoutEffect(() => {
    const check = (): void => {
      if (!Object.is(last.current.select(store.get()), last.current.selected)) rerender(0);
    };
    check();
    return store.subscribe(check);
  }, [store]);
  return selected;
}
