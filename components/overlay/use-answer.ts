import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AnswerState, AnswerStore } from './state/answer-store';

export const AnswerStoreContext = createContext<AnswerStore | null>(null);

/** Select from the answer's feedback store inside the strip. */
export function useAnswer<T>(selector: (s: AnswerState) => T): T {
  const store = useContext(AnswerStoreContext);
  if (!store) throw new Error('useAnswer outside the strip');
  return useStore(store, selector);
}
