import { answerWith, type DashStore, sendDraft } from '../src/store/store.js';

/** A key in the answer menu: 1–9 picks, j/k move, Enter picks the highlighted option, Esc cancels. */
export function answerKey(store: DashStore, action: string | undefined, name: string): void {
  const s = store.getState();
  const menu = s.menu;
  if (!menu) {
    s.setMode('normal');
    return;
  }
  switch (action) {
    case 'jump':
      void answerWith(store, Number(name) - 1);
      return;
    case 'down':
    case 'up': {
      const index = Math.min(menu.options.length - 1, Math.max(0, menu.index + (action === 'down' ? 1 : -1)));
      s.setMenu({ ...menu, index });
      return;
    }
    case 'run':
      void answerWith(store, menu.index);
      return;
    case 'back':
      s.setMenu(undefined);
      s.setMessage('not answered');
      return;
  }
}

/** y/N: `y` runs the destructive action; any other key cancels it. */
export function confirmKey(store: DashStore, action: string | undefined): void {
  const s = store.getState();
  const confirm = s.confirm;
  store.setState({ confirm: undefined, mode: 'normal' });
  if (action === 'confirm' && confirm) void confirm.run();
  else s.setMessage('cancelled: nothing was changed');
}

/** A key in the composer: text into the draft; Enter sends; Esc leaves (the draft kept). */
export function composeKey(store: DashStore, action: string | undefined, name: string, text: string): void {
  const s = store.getState();
  const paneId = s.selected;
  if (!paneId) {
    s.setMode('normal');
    return;
  }
  const draft = s.drafts[paneId] ?? '';
  switch (action) {
    case 'send':
      void sendDraft(store, paneId);
      return;
    case 'newline':
      s.setDraft(paneId, `${draft}\n`);
      return;
    case 'back':
      s.setMode('normal');
      return;
    case 'clear':
      if (draft === '') s.setMode('normal');
      else s.setDraft(paneId, '');
      return;
  }
  if (name === 'backspace' || name === 'delete') s.setDraft(paneId, draft.slice(0, -1));
  else if (text) s.setDraft(paneId, draft + text);
}
