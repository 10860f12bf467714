import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TmoEvent } from '../../src/model/events.js';
import { AGENT_KINDS, AGENT_STATES, WAIT_REASONS } from '../../src/model/types.js';
import { parseClientMessage, toWire } from '../../src/net/codec.js';
import { previewOf } from '../../src/net/preview.js';
import { Ring } from '../../src/net/ring.js';
import { fromWire } from '../../src/net/wire-decode.js';
import { backoffDelay } from '../../src/source/remote-pending.js';

const time = fc.integer({ min: 0, max: 4_000_000_000_000 });
const name = fc.string({ maxLength: 20 });
const windowRef = fc.record({
  session: name,
  sessionId: fc.string({ minLength: 1, maxLength: 5 }),
  window: name,
  windowId: fc.string({ minLength: 1, maxLength: 5 }),
  windowIndex: fc.integer({ min: 0, max: 999 }),
});
const event: fc.Arbitrary<TmoEvent> = fc.oneof(
  fc.record({ type: fc.constant('server.down' as const), time, reason: name }),
  fc.record({
    type: fc.constantFrom(
      'session.created' as const,
      'session.removed' as const,
      'session.attached' as const,
    ),
    time,
    session: name,
    sessionId: fc.string({ minLength: 1, maxLength: 5 }),
  }),
  fc
    .record({ type: fc.constant('window.renamed' as const), time, oldName: name })
    .chain((e) => windowRef.map((w) => ({ ...e, ...w }))),
  fc.record({
    type: fc.constant('pane.output' as const),
    time,
    paneId: fc.string({ minLength: 1 }),
    text: fc.string(),
  }),
  fc.record(
    {
      type: fc.constant('agent.status' as const),
      time,
      paneId: fc.string({ minLength: 1 }),
      kind: fc.constantFrom(...AGENT_KINDS),
      state: fc.constantFrom(...AGENT_STATES),
      previous: fc.option(fc.constantFrom(...AGENT_STATES), { nil: null }),
      since: time,
      reason: fc.constantFrom(...WAIT_REASONS),
      rule: fc.string({ minLength: 1 }),
    },
    { requiredKeys: ['type', 'time', 'paneId', 'kind', 'state', 'previous', 'since'] },
  ),
);

describe('net codec', () => {
  it('parseClientMessage never throws, whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.anything().map((v) => JSON.stringify(v) ?? ''),
        ),
        (raw) => {
          const r = parseClientMessage(raw);
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.anything(), (v) => {
        parseClientMessage(v);
        parseClientMessage(JSON.stringify({ action: 'send', ...(typeof v === 'object' && v ? v : { v }) }));
      }),
    );
  });

  it('fromWire never throws on arbitrary objects', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.constantFrom(
          ...['session.created', 'window.renamed', 'agent.status', 'pane.output', 'snapshot', 'gap'],
        ),
        (data, type) => {
          fromWire(data);
          fromWire({ type, data, seq: 1, timestamp: data });
        },
      ),
    );
  });

  it('toWire then fromWire gives the event back', () => {
    fc.assert(
      fc.property(event, fc.nat(), (e, seq) => {
        const wire = JSON.parse(JSON.stringify(toWire(e, seq)));
        expect(wire.seq).toBe(seq);
        expect(fromWire(wire)).toEqual(e);
      }),
      { numRuns: 500 },
    );
  });

  it('maps the original field names', () => {
    const w = toWire(
      {
        type: 'agent.status',
        time: 0,
        paneId: '%1',
        kind: 'claude',
        state: 'waiting',
        previous: 'working',
        since: 0,
      },
      7,
    );
    expect(w).toMatchObject({
      type: 'agent.status',
      pane: '%1',
      seq: 7,
      data: { status: 'waiting', previous: 'working', agent_type: 'claude' },
    });
    expect(parseClientMessage('{"action":"nope"}')).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
    expect(parseClientMessage('[1]')).toMatchObject({ ok: false, code: 'INVALID_JSON' });
    expect(parseClientMessage('{"action":"auth"}')).toMatchObject({ ok: false, code: 'AUTH_REQUIRED' });
  });

  it('unsubscribe: no filters or empty ones ({}) mean everything, as the original', () => {
    for (const raw of ['{"action":"unsubscribe"}', '{"action":"unsubscribe","filters":{}}'])
      expect(parseClientMessage(raw)).toEqual({ ok: true, msg: { action: 'unsubscribe' } });
    expect(parseClientMessage('{"action":"unsubscribe","filters":{"types":["x"]}}')).toEqual({
      ok: true,
      msg: { action: 'unsubscribe', filters: { types: ['x'] } },
    });
  });

  it("pane.output preview and activity, as the original's collector made them", () => {
    const preview = (text: string) => previewOf(text).preview;
    const activity = (text: string) => previewOf(text).activity;
    expect(preview('a\nb\nc\nd\n\n')).toBe('b\nc\nd');
    expect(preview('\x1b[32mok\x1b[0m \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\r\n')).toBe('ok link');
    expect(preview('50%\r75%\r100%')).toBe('100%');
    expect(preview('\x07bell\x00\x1b7saved\x1b8')).toBe('bellsaved');
    expect(Array.from(preview('é'.repeat(300)))).toHaveLength(200);
    expect(activity('compiling\nWARNING: deprecated')).toBe('warning');
    expect(activity('1 error\nwarning')).toBe('error');
    expect(activity('done\n$ ')).toBe('command');
    expect(activity(`${'x'.repeat(300)}\n$ `)).toBe('command'); // read before the cut
    expect(activity('a\nb\nc')).toBe('output');
    expect(activity('old error\na\nb\nc')).toBe('output'); // only the last 3 lines count
  });

  it('window events name the window index in `window` (as the original), the name in data.window_name', () => {
    const w = toWire(
      {
        type: 'window.created',
        time: 0,
        session: 's',
        sessionId: '$1',
        window: 'editor',
        windowId: '@4',
        windowIndex: 2,
      },
      1,
    );
    expect(w).toMatchObject({ window: 2, data: { window_name: 'editor', window_index: 2 } });
  });

  it('ring buffer replays a range or says it is gone', () => {
    const ring = new Ring(3);
    for (let seq = 1; seq <= 5; seq++)
      ring.push({ seq, type: 't', session: undefined, key: undefined, text: String(seq) });
    expect(ring.since(2, 5)?.map((f) => f.seq)).toEqual([3, 4, 5]);
    expect(ring.since(4, 5)?.map((f) => f.seq)).toEqual([5]);
    expect(ring.since(5, 5)).toEqual([]);
    expect(ring.since(1, 5)).toBeNull();
  });

  it('backoff has full jitter under an exponential cap', () => {
    expect(backoffDelay(0, 500, 30_000, () => 0.999)).toBe(499);
    expect(backoffDelay(3, 500, 30_000, () => 0.5)).toBe(2000);
    expect(backoffDelay(20, 500, 30_000, () => 0.999)).toBeLessThan(30_000);
    expect(backoffDelay(5, 500, 30_000, () => 0)).toBe(0);
  });
});
