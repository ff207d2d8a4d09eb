import { perInstanceShare, RateLimiter } from '../../../bot/http/rate-limit';

const limiter = (capacity: number, perSecond: number, maxKeys?: number) => {
  const clock = { ms: 0 };
  return { clock, limiter: new RateLimiter({ capacity, perSecond, now: () => clock.ms, ...(maxKeys ? { maxKeys } : {}) }) };
};

describe('RateLimiter', () => {
  it('allows a burst of `capacity`, then says how many whole seconds until the next request passes', () => {
    const { limiter: l } = limiter(3, 0.5);
    expect([l.take('a'), l.take('a'), l.take('a')].every((d) => d.allowed)).toBe(true);
    expect(l.take('a')).toEqual({ allowed: false, retryAfterSeconds: 2 });
  });

  it('earns requests back over time, never beyond capacity', () => {
    const { clock, limiter: l } = limiter(2, 1);
    l.take('a');
    l.take('a');
    clock.ms = 1_500;
    expect(l.take('a').allowed).toBe(true);
    expect(l.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.ms = 60_000;
    expect([l.take('a'), l.take('a'), l.take('a')].map((d) => d.allowed)).toEqual([true, true, false]);
  });

  it('keeps keys apart', () => {
    const { limiter: l } = limiter(1, 1);
    expect(l.take('a').allowed).toBe(true);
    expect(l.take('a').allowed).toBe(false);
    expect(l.take('b').allowed).toBe(true);
  });

  it('a refund gives one request back', () => {
    const { limiter: l } = limiter(1, 0.001);
    l.take('a');
    l.refund('a');
    expect(l.take('a').allowed).toBe(true);
    expect(l.take('a').allowed).toBe(false);
  });

  it('forgets the least recently used keys beyond maxKeys, so memory stays bounded', () => {
    const { limiter: l } = limiter(1, 0.001, 2);
    l.take('a');
    l.take('b');
    l.take('a');
    l.take('c');
    // b was least recently used and is forgotten: it starts full again; a is remembered as empty.
    expect(l.take('a').allowed).toBe(false);
    expect(l.take('b').allowed).toBe(true);
  });
});

describe('an instance\'s share of a limit', () => {
  it('is rounded down, so the instances together never allow more than the limit', () => {
    expect(perInstanceShare(60, 1)).toBe(60);
    expect(perInstanceShare(60, 4)).toBe(15);
    expect(perInstanceShare(200, 3)).toBe(66);
  });

  it('is at least one request, so no instance refuses everything', () => {
    expect(perInstanceShare(2, 5)).toBe(1);
  });
});
