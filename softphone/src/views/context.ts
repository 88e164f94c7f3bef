// How views reach the softphone: its controller comes down a context (mounted once by
// app.tsx), and useDesk() reads a part of its state, re-rendering when that part changes.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Softphone } from '../softphone.js';
import type { DeskState } from '../state.js';
import { useStore } from '../ui/store.js';

export const SoftphoneContext = createContext<Softphone | null>(null);

export function useSoftphone(): Softphone {
  const sp = useContext(SoftphoneContext);
  if (!sp) throw new Error('softphone views must be rendered inside SoftphoneContext');
  return sp;
}

export function useDesk<S>(select: (state: DeskState) => S): S {
  return useStore(useSoftphone().store, select);
}
