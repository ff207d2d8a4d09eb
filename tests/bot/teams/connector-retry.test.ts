import { sendWithRetries, withTurnDeadline } from '../../../bot/teams/connector-retry';
import type { OutboundRequest, OutboundResponse, RetryClock, UnknownDeliveryReason } from '../../../bot/teams/connector-retry';

const timing = { budgetMs: 10_000, attemptTimeoutMs: 3000, baseDelayMs: 250, maxDelayMs: 2000 };

/** A clock that only moves when the policy sleeps or an attempt takes time; random numbers from a list. */
function fakeClock(randoms: number[] = [0.5]) {
  const state = { now: 1_000_000, sleeps: [] as number[] };
  let draw = 0;
  const clock: RetryClock = {
    now: () => state.now,
    sleep: async (ms) => {
      state.sleeps.push(ms);
      state.now += ms;
    },
    random: () => randoms[draw++ % randoms.length]!,
  };
  return { clock, state };
}

const answer = (status: number, headers: Record<string, string> = {}): OutboundResponse => ({
  status,
  headers: { get: (name) => headers[name.toLowerCase()] },
});

/** A card update: repeating it changes nothing. */
const put = (extra: Partial<OutboundRequest> = {}): OutboundRequest => ({ method: 'PUT', timeout: 0, ...extra });
/** A new message: repeating it may post it twice. */
const post = (): OutboundRequest => ({ method: 'POST', timeout: 0 });

const timedOut = () => Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
const networkError = (code: string) => Object.assign(new Error(code), { name: 'RestError', code });

/** A Bot Connector that gives these answers in turn (an Error is thrown), recording each attempt's timeout. */
function connector(answers: Array<OutboundResponse | Error>, state?: { now: number }, attemptMs = 0) {
  const timeouts: number[] = [];
  const next = async (request: OutboundRequest) => {
    timeouts.push(request.timeout);
    if (state) state.now += attemptMs;
    const result = answers[Math.min(timeouts.length - 1, answers.length - 1)]!;
    if (result instanceof Error) throw result;
    return result;
  };
  return { next, timeouts };
}

describe('calls to the Bot Connector', () => {
  it.each([
    [412, {}],
    [429, {}],
    [502, {}],
    [503, {}],
    [504, {}],
  ])('that update a card are retried after a %s and return the answer that follows', async (status, headers) => {
    const { clock, state } = fakeClock();
    const bot = connector([answer(status, headers), answer(status, headers), answer(200)]);
    const response = await sendWithRetries(put(), bot.next, timing, clock);
    expect(response.status).toBe(200);
    expect(bot.timeouts).toHaveLength(3);
    expect(state.sleeps).toEqual([125, 250]);
  });

  it('wait a random part of an exponentially growing, capped delay (full jitter)', async () => {
    const { clock, state } = fakeClock([0.99, 0.1, 0.5, 0.999, 0.999, 0.999]);
    const bot = connector([answer(502), answer(502), answer(502), answer(502), answer(502), answer(502), answer(204)]);
    await sendWithRetries(put(), bot.next, timing, clock);
    expect(state.sleeps.map(Math.round)).toEqual([Math.round(0.99 * 250), 50, 500, Math.round(0.999 * 2000), Math.round(0.999 * 2000), Math.round(0.999 * 2000)]);
  });

  it('are not retried for answers that another attempt would not change', async () => {
    for (const status of [200, 201, 400, 401, 403, 404, 500]) {
      const { clock } = fakeClock();
      const bot = connector([answer(status), answer(200)]);
      expect((await sendWithRetries(put(), bot.next, timing, clock)).status).toBe(status);
      expect(bot.timeouts).toHaveLength(1);
    }
  });

  it('wait as long as Retry-After asks when that fits the budget, and give the 429 back at once when it does not', async () => {
    const fits = fakeClock([0]);
    const patient = connector([answer(429, { 'retry-after': '3' }), answer(200)]);
    expect((await sendWithRetries(put(), patient.next, timing, fits.clock)).status).toBe(200);
    expect(fits.state.sleeps).toEqual([3000]);

    const tooLong = fakeClock([0]);
    const throttled = connector([answer(429, { 'retry-after': '60' }), answer(200)]);
    expect((await sendWithRetries(put(), throttled.next, timing, tooLong.clock)).status).toBe(429);
    expect(tooLong.state.sleeps).toEqual([]);
  });

  it('abandon an attempt that does not answer in time and retry, and give up with that error when the budget is spent', async () => {
    const { clock, state } = fakeClock([1]);
    const start = state.now;
    const hanging = connector([timedOut()], state, 3000);
    await expect(sendWithRetries(put(), hanging.next, timing, clock)).rejects.toMatchObject({ name: 'AbortError' });
    expect(hanging.timeouts[0]).toBe(3000);
    expect(hanging.timeouts.length).toBeGreaterThan(1);
    // The last attempt only gets what is left of the budget, and nothing runs past it.
    expect(hanging.timeouts.at(-1)).toBeLessThanOrEqual(3000);
    expect(state.now - start).toBeLessThanOrEqual(timing.budgetMs);
  });

  it('retry refused and reset connections, but not a request the caller aborted', async () => {
    const { clock } = fakeClock();
    const refused = networkError('ECONNREFUSED');
    const flaky = connector([refused, answer(200)]);
    expect((await sendWithRetries(put(), flaky.next, timing, clock)).status).toBe(200);

    const aborted = connector([timedOut(), answer(200)]);
    await expect(sendWithRetries(put({ abortSignal: { aborted: true } }), aborted.next, timing, clock)).rejects.toMatchObject({ name: 'AbortError' });
    expect(aborted.timeouts).toHaveLength(1);

    const bug = connector([new TypeError('not a network problem'), answer(200)]);
    await expect(sendWithRetries(put(), bug.next, timing, clock)).rejects.toBeInstanceOf(TypeError);
  });

  it("share the turn's deadline: a call late in a turn gets only what is left of it", async () => {
    const { clock, state } = fakeClock([1]);
    const bot = connector([answer(504)], state, 100);
    const response = await withTurnDeadline(state.now + 1200, () => sendWithRetries(put(), bot.next, timing, clock));
    expect(response.status).toBe(504);
    expect(bot.timeouts[0]).toBe(1200);
    expect(state.now).toBeLessThanOrEqual(1_000_000 + 1200);
  });
});

describe('new messages (POST) to the Bot Connector', () => {
  /** Sends a POST with these answers; returns how many attempts were made and what was reported as unknown. */
  async function postWith(answers: Array<OutboundResponse | Error>) {
    const { clock } = fakeClock();
    const bot = connector(answers);
    const unknown: UnknownDeliveryReason[] = [];
    const outcome = await sendWithRetries(post(), bot.next, timing, clock, (reason) => unknown.push(reason)).then(
      (response) => response.status,
      (error: Error) => error.name,
    );
    return { outcome, attempts: bot.timeouts.length, unknown };
  }

  it.each([
    ['429', answer(429)],
    ['412', answer(412)],
    ['503 with Retry-After', answer(503, { 'retry-after': '1' })],
    ['a refused connection', networkError('ECONNREFUSED')],
    ['a host that cannot be resolved', networkError('ENOTFOUND')],
  ])('are retried after %s: the message certainly did not arrive', async (_, first) => {
    expect(await postWith([first, answer(201)])).toEqual({ outcome: 201, attempts: 2, unknown: [] });
  });

  it.each([
    ['a timeout', timedOut(), 'AbortError', 'timeout'],
    ['a reset connection', networkError('ECONNRESET'), 'RestError', 'connectionReset'],
    ['502', answer(502), 502, 'badGateway'],
    ['504', answer(504), 504, 'gatewayTimeout'],
    ['503 without Retry-After', answer(503), 503, 'serviceUnavailable'],
  ])('are not retried after %s, which may have arrived, and the loss is reported with a reason code', async (_, first, outcome, reason) => {
    expect(await postWith([first, answer(201)])).toEqual({ outcome, attempts: 1, unknown: [reason] });
  });

  it('are retried while the connector says it did not take them, and stop at the first answer that may have arrived', async () => {
    expect(await postWith([answer(429), networkError('ECONNREFUSED'), answer(504), answer(201)])).toEqual({ outcome: 504, attempts: 3, unknown: ['gatewayTimeout'] });
  });
});
