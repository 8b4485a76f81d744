import { describe, expect, it } from 'vitest';
import { pacedLimit } from '../../src/whatsapp/send-outbox.js';

describe('the sender pace', () => {
  it.each([80, 1, 25, 250, 1000])('when the number may send %i messages a second, then slices of about 100 ms keep exactly that rate', (rate) => {
    const { max, durationMs } = pacedLimit(rate);
    expect(max).toBeGreaterThanOrEqual(1);
    expect((max * 1000) / durationMs).toBeCloseTo(rate, 0);
    expect(durationMs).toBeLessThanOrEqual(1000);
  });

  it('when the default 80 messages a second apply, then at most 8 go in any 100 ms', () => {
    expect(pacedLimit(80)).toEqual({ max: 8, durationMs: 100 });
  });
});
