import { actionFor } from '../src/keymap/table.js';
import { attachRefusal, retryConnection } from '../src/store/connect.js';
import { askKill } from '../src/store/kill.js';
import { completeInput, type DashStore, openAnswer, runCommandLine } from '../src/store/store.js';
import { answerKey, composeKey, confirmKey } from './key-modes.js';

export interface KeyContext {
  quit(): void;
  attach(paneId: string): void;
}

/** Text a key adds to an input: printable characters only (paste arrives as one piece). */
export function printable(input: string, name: string, ctrl: boolean, meta: boolean): string {
  if (ctrl || meta || input === '' || name !== input) return '';
  return input.replace(/\r\n?/g, '\n').replace(/[\x00-\x09\x0b-\x1f\x7f]/g, '');
}

/** One keypress, dispatched by mode through the key table. */
export function handleKey(store: DashStore, name: string, text: string, ctx: KeyContext): void {
  const s = store.getState();
  const action = actionFor(s.keymap, s.mode, name);
  switch (s.mode) {
    case 'help':
      if (action === 'quit') ctx.quit();
      else if (action === 'back' || name === '?') s.setMode('normal');
      return;
    case 'filter':
    case 'command':
      lineKey(store, action, name, text);
      return;
    case 'compose':
      composeKey(store, action, name, text);
      return;
    case 'answer':
      answerKey(store, action, name);
      return;
    case 'confirm':
      confirmKey(store, action);
      return;
    case 'normal':
      normalKey(store, action, name, ctx);
      return;
  }
}

function normalKey(store: DashStore, action: string | undefined, name: string, ctx: KeyContext): void {
  const s = store.getState();
  if (s.message && action) s.setMessage(undefined);
  switch (action) {
    case 'down':
      if (s.panel === 'agents') s.move(1);
      return;
    case 'up':
      if (s.panel === 'agents') s.move(-1);
      return;
    case 'jump':
      s.jump(Number(name));
      return;
    case 'collapse':
      if (s.panel === 'agents') s.collapse();
      return;
    case 'expand':
      if (s.panel === 'agents') s.expand();
      return;
    case 'agentsOnly':
      s.toggleAgentsOnly();
      s.setMessage(store.getState().agentsOnly ? 'agents only' : 'every pane');
      return;
    case 'nextWaiting':
      if (!s.nextWaiting()) s.setMessage('no agent is waiting on you');
      return;
    case 'answer':
      openAnswer(store);
      return;
    case 'nextPanel':
      s.cyclePanel(1);
      return;
    case 'prevPanel':
      s.cyclePanel(-1);
      return;
    case 'filter':
      s.setMode('filter');
      return;
    case 'help':
      s.setMode('help');
      return;
    case 'palette':
      s.setMode('command');
      return;
    case 'attach': {
      const refusal = attachRefusal(s);
      if (refusal) s.setMessage(refusal);
      else if (s.selected) ctx.attach(s.selected);
      else s.setMessage('nothing selected');
      return;
    }
    case 'kill':
      askKill(store);
      return;
    case 'reconnect':
      retryConnection(store);
      return;
    case 'compose':
      if (s.selected) s.setMode('compose');
      else s.setMessage('no agent selected: nothing to send to');
      return;
    case 'sortWaiting':
      s.toggleSort();
      return;
    case 'back':
      if (s.filters.agents || s.filters.feed) {
        s.applyFilter('');
        return;
      }
      if (s.panel !== 'agents') s.setPanel('agents');
      return;
    case 'quit':
      ctx.quit();
      return;
  }
}

function lineKey(store: DashStore, action: string | undefined, name: string, text: string): void {
  const s = store.getState();
  const filtering = s.mode === 'filter';
  if (action === 'run') {
    s.setMode('normal');
    if (filtering) s.applyFilter(s.input);
    else void runCommandLine(store, s.input);
    return;
  }
  if (action === 'back') {
    if (filtering) s.applyFilter('');
    s.setMode('normal');
    return;
  }
  if (action === 'complete') {
    completeInput(store);
    return;
  }
  if (action === 'clear') {
    if (s.input === '') s.setMode('normal');
    else s.setInput('');
    if (filtering) s.applyFilter('');
    return;
  }
  let next = s.input;
  if (name === 'backspace' || name === 'delete') next = next.slice(0, -1);
  else if (text) next += text.replace(/\n/g, ' ');
  else return;
  s.setInput(next);
  if (filtering) s.applyFilter(next);
}

/** Pasted text: whole into the composer; first line into filter / command input. */
export function handlePaste(store: DashStore, text: string): void {
  const s = store.getState();
  const clean = text.replace(/\r\n?/g, '\n').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  if (s.mode === 'compose' && s.selected) s.setDraft(s.selected, (s.drafts[s.selected] ?? '') + clean);
  else if (s.mode === 'filter' || s.mode === 'command')
    lineKey(store, undefined, '', clean.split('\n')[0] ?? '');
}
