import { useContext } from 'react';
import type { DashStore } from '../src/store/store.js';
import { StoreContext } from './contexts.js';

/** The store itself (for actions and one-off reads in key handlers). */
export function useDashStore(): DashStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useDashStore outside <StoreContext.Provider>');
  return store;
}
