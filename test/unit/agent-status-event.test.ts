import { describe, expect, it } from 'vitest';
import type { TmoEvent } from '../../src/model/events.js';
import { applyEvent, initialWorld } from '../../src/model/reducer.js';
import { toWire } from '../../src/net/codec.js';
import { fromWire } from '../../src/net/wire-decode.js';

const event = (extra: Partial<Extract<TmoEvent, { type: 'agent.status' }>>): TmoEvent => ({
  type: 'agent.status',
  time: 1,
  paneId: '%3',
  kind: 'claude',
  state: 'error',
  previous: 'working',
  since: 1000,
  rule: 'claude.error.api',
  ...extra,
});

describe('agent.status carries what the dashboard shows', () => {
  it('the store keeps the error message, the deciding signal and the dialog options', () => {
    const options = [{ choice: '1', label: 'Yes', keys: ['1'], selected: true }];
    let w = applyEvent(initialWorld(), event({ message: 'API Error: 529 Overloaded', source: 'hook' }));
    expect(w.agents['%3']).toMatchObject({
      state: 'error',
      message: 'API Error: 529 Overloaded',
      source: 'hook',
    });
    w = applyEvent(
      w,
      event({ state: 'waiting', reason: 'permission', message: 'Do you want to proceed?', options }),
    );
    expect(w.agents['%3']?.options).toEqual(options);
  });

  it('a remote dashboard gets the message and source over the wire (bounded, validated)', () => {
    const back = fromWire(toWire(event({ message: 'API Error: 529 Overloaded', source: 'hook' }), 7));
    expect(back).toMatchObject({
      type: 'agent.status',
      message: 'API Error: 529 Overloaded',
      source: 'hook',
    });
    const wire = toWire(event({ message: 'x'.repeat(5000) }), 8) as { data: Record<string, unknown> };
    wire.data['source'] = 'rm -rf';
    const hostile = fromWire(wire) as Extract<TmoEvent, { type: 'agent.status' }>;
    expect(hostile.message?.length).toBe(500);
    expect(hostile.source).toBeUndefined();
  });
});
