import { useContext } from 'react';
import { type Theme, ThemeContext } from './contexts.js';

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
