import type { DashEnv, Theme } from '../hooks/contexts.js';
import { EnvContext, StoreContext, ThemeContext } from '../hooks/contexts.js';
import type { DashStore } from '../src/store/store.js';
import { App } from './App.js';

/** The dashboard with its store, theme and injected environment (attach callback, size override). */
export function Root(props: { store: DashStore; theme: Theme; env?: DashEnv; paste?: boolean }) {
  return (
    <StoreContext.Provider value={props.store}>
      <ThemeContext.Provider value={props.theme}>
        <EnvContext.Provider value={props.env ?? {}}>
          <App paste={props.paste !== false} />
        </EnvContext.Provider>
      </ThemeContext.Provider>
    </StoreContext.Provider>
  );
}
