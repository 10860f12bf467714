import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TmoEvent } from '../../src/model/events.js';
import { AGENT_KINDS, AGENT_STATES, WAIT_REASONS } from '../../src/model/types.js';
import { parseClientMessage, toWire } from '../../src/net/codec.js';
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
