/** The hub's two actions that reach tmux: `send` (needs `write`) and `capture`. */
import type { SendOutcome } from '../model/types.js';
import type { DataSource } from '../source/types.js';
import type { ClientConn } from './client-conn.js';
import type { ClientMessage } from './protocol.js';

type SendMsg = Extract<ClientMessage, { action: 'send' }>;
type CaptureMsg = Extract<ClientMessage, { action: 'capture' }>;

export async function runSend(
  source: DataSource,
  log: (line: string) => void,
  client: ClientConn,
  msg: SendMsg,
): Promise<void> {
  let outcome: SendOutcome;
  if (!client.permissions.includes('write')) {
    outcome = { status: 'refused', target: msg.target, detail: 'this token is read-only', bytes: 0 };
  } else {
    log(
      `send by ${client.tokenName} (${client.id}) to ${JSON.stringify(msg.target)}: ${msg.text.length} chars`,
    );
    outcome = await source
      .send(msg.target, msg.text, { force: msg.force, noEnter: msg.noEnter })
      .catch((e: unknown) => ({
        status: 'failed' as const,
        target: msg.target,
        detail: (e as Error).message,
        bytes: 0,
      }));
  }
  client.sendMessage({ type: 'send.result', id: msg.id, outcome });
}

export async function runCapture(source: DataSource, client: ClientConn, msg: CaptureMsg): Promise<void> {
  const options = { ansi: msg.ansi, ...(msg.lines ? { lines: msg.lines } : {}) };
  try {
    const text = await source.capture(msg.paneId, options);
    client.sendMessage({ type: 'capture.result', id: msg.id, ok: true, text });
  } catch (e) {
    client.sendMessage({ type: 'capture.result', id: msg.id, ok: false, error: (e as Error).message });
  }
}
