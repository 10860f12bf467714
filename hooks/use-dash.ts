import { useStore } from 'zustand';
import type { DashActions } from '../src/store/store.js';
import type { DashState } from '../src/store/types.js';
import { useDashStore } from './use-dash-store.js';

/** Subscribe a component to one slice of the dashboard store (re-renders only when the slice changes). */
export function useDash<T>(selector: (state: DashState & DashActions) => T): T {
  return useStore(useDashStore(), selector);
}
