import { useContext } from 'react';
import { type DashEnv, EnvContext } from './contexts.js';

export function useEnv(): DashEnv {
  return useContext(EnvContext);
}
