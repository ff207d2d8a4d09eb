/**
 * Property-based fuzzing (fast-check) of message activities and card-action payloads through the
 * real Teams handler and a real SQLite store. Whatever arrives — garbage, near-misses, forged ids,
 * stale revisions, valid steps by the owner —
 *   - no exception escapes the turn and no invoke answers 5xx;
 *   - a case changes only by one revision, by its owner, from the revision the card showed;
 *   - the HR log holds codes only: no free text, no user ids.
 * Free text carries the marker FREE and user ids the marker USR, so a leak is visible.
 * The store keeps its state across runs (that is the point), so a failure is reported as found,
 * without shrinking: replaying shrunk turns against a changed store would prove nothing.
 */
import fc from 'fast-check';
import { CODE_PATTERN, ISO_WEEK_PATTERN, restoreCase } from '../../bot/store/case-store';
import type { CaseRow } from '../../bot/store/case-store';
import { EVENT_TYPES } from '../../flows/escalation/events';
import { offeredEvents } from '../../flows/escalation/ladder';
import { ESCALATION_MACHINE_VERSION } from '../../flows/escalation/machine';
import * as codes from '../../flows/escalation/types';
import { Manager } from './helpers/conversation-client';
import { CONVERSATION, SIGNAL } from './helpers/ladder-inputs';
import type { TurnOutput } from './helpers/recording-adapter';
import { createTestBot } from './helpers/test-bot';
import type { TestBot } from './helpers/test-bot';

const OWNER = 'USR-owner';
const INTRUDER = 'USR-intruder';

let bot: TestBot;
/** Cases that exist before fuzzing starts, at revisions 1 and 2, owned by OWNER. */
const seeded: string[] = [];


beforeAll(async () => {
  bot = await createTestBot();
  const owner = new Manager(bot.adapter, OWNER);
  for (const steps of [1, 2]) {
    await owner.say('nieuw');
    await owner.execute('RECORD_SIGNAL', SIGNAL);
    if (steps === 2) await owner.execute('RECORD_CONVERSATION', CONVERSATION);
  }
  seeded.push(...(await bot.store.listByOwner(OWNER)).map((row) => row.id));
  expect(seeded).toHaveLength(2);
});
afterAll(() => bot.close());

// ---- arbitraries ------------------------------------------------------------------------------

const freeText = fc.tuple(fc.string({ maxLength: 60 }), fc.nat(999)).map(([text, n]) => `FREE${n} ${text}`);
const junk = fc.oneof(freeText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 2 }));
const date = fc.integer({ min: 1, max: 28 }).map((d) => `2026-11-${String(d).padStart(2, '0')}`);
const toggle = fc.constantFrom('true', 'false', true, false);
const pick = (values: readonly string[]) => fc.constantFrom(...values);

/** Mostly valid card inputs, sometimes wrong, sometimes free text where a code belongs. */
const input = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: junk });
const cardInputs = fc.record(
  {
    categories: input(fc.subarray([...codes.CATEGORIES], { minLength: 1 }).map((c) => c.join(','))),
    source: input(pick(codes.SIGNAL_SOURCES)),
    signalDate: input(date),
    occurrence: input(pick(codes.OCCURRENCES)),
    acute: input(toggle),
    perpetrator: input(pick(codes.PERPETRATORS)),
    affected: input(pick(codes.AFFECTED_PARTIES)),
    orgUnit: input(fc.constantFrom('Beleid', 'Uitvoering', 'Staf')),
    listened: input(toggle),
    acknowledged: input(toggle),
    consentFormal: input(toggle),
    consentTeamTalk: input(toggle),
    plannedOn: input(date),
    heldOn: input(date),
    otherSideHeard: input(toggle),
    outcome: input(pick([...codes.ADDRESS_OUTCOMES, ...codes.REPORT_OUTCOMES])),
    consultedWith: input(pick(codes.CONSULTED_PARTIES)),
    hearingOffered: input(toggle),
    decision: input(pick(codes.SANCTION_DECISIONS)),
    noSanctionReason: input(pick(codes.NO_SANCTION_REASONS)),
    identifying: input(toggle),
    consent: input(toggle),
    reason: input(pick([...codes.FORMAL_REPORT_REASONS, ...codes.CLOSE_REASONS])),
    route: input(pick(codes.REPORT_ROUTES)),
    filedOn: input(date),
    concludedOn: input(date),
    aftercareAgreed: input(toggle),
    note: freeText,
  },
  { requiredKeys: [] },
);

const caseId = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1).map((i) => seeded[i]!) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/) },
  { weight: 1, arbitrary: junk },
);
const revision = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: junk }, { weight: 1, arbitrary: fc.integer() });

const stepPayload = fc
  .tuple(
    fc.record({ ew: fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: junk }), kind: fc.constant('step'), caseId, revision, event: fc.oneof({ weight: 5, arbitrary: pick(EVENT_TYPES) }, { weight: 1, arbitrary: junk }) }),
    cardInputs,
  )
  .map(([bookkeeping, inputs]) => ({ ...inputs, ...bookkeeping }));
const otherPayload = fc.oneof(
  fc.record({ ew: fc.constant(1), kind: fc.constant('command'), command: fc.oneof(pick(['new', 'cases', 'help', 'report']), junk) }),
  fc.record({ ew: fc.constant(1), kind: fc.constant('open'), caseId }),
  fc.anything({ maxDepth: 3 }),
);
/** A valid first signal on a fresh case id: the path that creates cases. */
const newCasePayload = fc.record({
  ew: fc.constant(1),
  kind: fc.constant('step'),
  caseId: fc.stringMatching(/^[A-Za-z0-9_-]{8,24}$/),
  revision: fc.constant(0),
  event: fc.constant('RECORD_SIGNAL'),
  categories: fc.subarray([...codes.CATEGORIES], { minLength: 1 }).map((c) => c.join(',')),
  source: pick(codes.SIGNAL_SOURCES),
  signalDate: date,
  occurrence: pick(codes.OCCURRENCES),
  acute: fc.constantFrom('true', 'false'),
  perpetrator: pick(codes.PERPETRATORS),
  affected: pick(codes.AFFECTED_PARTIES),
  orgUnit: fc.constantFrom('Beleid', 'Staf'),
  note: freeText,
});
const payload = fc.oneof({ weight: 4, arbitrary: stepPayload }, { weight: 1, arbitrary: newCasePayload }, { weight: 1, arbitrary: otherPayload });

const sender = fc.oneof({ weight: 3, arbitrary: fc.constant(OWNER) }, { weight: 2, arbitrary: fc.constant(INTRUDER) }, { weight: 1, arbitrary: fc.nat(9).map((n) => `USR-${n}`) });
const locale = fc.constantFrom<'nl-NL' | 'en-US'>('nl-NL', 'en-US');

type Click = 'execute' | 'submit';
type Turn =
  | { kind: Click; from: string; locale: 'nl-NL' | 'en-US'; value: unknown }
  | { kind: 'text'; from: string; locale: 'nl-NL' | 'en-US'; text: string }
  /** A click on a card of an existing case, resolved against the store when it runs. */
  | { kind: 'click'; click: Click; from: string; locale: 'nl-NL' | 'en-US'; target: number; revisionDelta: number; offered: boolean; event: number; inputs: Record<string, unknown> };
type ConcreteTurn = Exclude<Turn, { kind: 'click' }>;
const click = fc.constantFrom<Click>('execute', 'submit');
const turn: fc.Arbitrary<Turn> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: click, from: sender, locale, value: payload }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant<'click'>('click'),
      click,
      from: sender,
      locale,
      target: fc.nat(50),
      revisionDelta: fc.constantFrom(0, 0, 0, -1, 1),
      offered: fc.boolean(),
      event: fc.nat(20),
      inputs: cardInputs,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'text'>('text'), from: sender, locale, text: fc.oneof(freeText, pick(['nieuw', 'help', 'mijn zaken', 'melden', 'wat moet ik nu doen?'])) }) },
);

// ---- running a turn and checking the invariants ------------------------------------------------

/** A click on case `target` (modulo the cases there are), at its revision plus `revisionDelta`. */
function resolveClick(t: Extract<Turn, { kind: 'click' }>, cases: Map<string, CaseRow>): ConcreteTurn {
  const rows = [...cases.values()].sort((a, b) => a.id.localeCompare(b.id));
  const row = rows[t.target % rows.length]!;
  const events = t.offered ? offeredEvents(restoreCase(row)) : EVENT_TYPES;
  const event = events.length > 0 ? events[t.event % events.length] : 'CLOSE';
  return { kind: t.click, from: t.from, locale: t.locale, value: { ...t.inputs, ew: 1, kind: 'step', mv: ESCALATION_MACHINE_VERSION, caseId: row.id, revision: row.revision + t.revisionDelta, event } };
}

async function run(t: ConcreteTurn): Promise<TurnOutput> {
  const manager = new Manager(bot.adapter, t.from, t.locale);
  if (t.kind === 'text') return manager.say(t.text);
  if (t.kind === 'submit') return manager.sendValue(t.value);
  return manager.invokeRaw(t.value);
}

async function allCases(): Promise<Map<string, CaseRow>> {
  const owners = [OWNER, INTRUDER, ...Array.from({ length: 10 }, (_, n) => `USR-${n}`)];
  const rows = (await Promise.all(owners.map((owner) => bot.store.listByOwner(owner, 500)))).flat();
  return new Map(rows.map((row) => [row.id, row]));
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function expectOnlyAllowedChanges(t: ConcreteTurn, before: Map<string, CaseRow>, after: Map<string, CaseRow>): void {
  const value = t.kind === 'text' ? undefined : t.value;
  for (const [id, row] of after) {
    const old = before.get(id);
    if (old && JSON.stringify(old) === JSON.stringify(row)) continue;
    // Something changed or appeared: only a step action by the owner, on this case, at its revision.
    expect(t.kind).not.toBe('text');
    expect(field(value, 'kind')).toBe('step');
    expect(field(value, 'caseId')).toBe(id);
    expect(row.ownerId).toBe(t.from);
    expect(field(value, 'revision')).toBe(old ? old.revision : 0);
    expect(row.revision).toBe(old ? old.revision + 1 : 1);
    if (old) expect(old.ownerId).toBe(row.ownerId);
  }
  for (const id of before.keys()) expect(after.has(id)).toBe(true);
}

async function expectCodesOnlyInHrLog(): Promise<void> {
  const rows = await bot.store.hrLog();
  const json = JSON.stringify(rows);
  expect(json).not.toMatch(/FREE|USR/);
  for (const row of rows) {
    expect(row.caseKey).toMatch(/^[0-9a-f]{64}$/);
    expect(row.isoWeek).toMatch(ISO_WEEK_PATTERN);
    expect(bot.config.orgUnits).toContain(row.orgUnit);
    for (const code of [row.rung, row.transition, row.outcome, row.source, ...row.categories]) {
      if (code !== null) expect(code).toMatch(CODE_PATTERN);
    }
  }
}

function expectNo5xx(out: TurnOutput): void {
  if (!out.invokeResponse) return;
  expect(out.invokeResponse.status).toBeLessThan(500);
  const statusCode = field(out.invokeResponse.body, 'statusCode');
  if (typeof statusCode === 'number') expect(statusCode).toBeLessThan(500);
}

/** How often a fuzzed turn changed or created a case: proof the fuzzer gets past the refusals. */
const stats = { changed: 0, created: 0, turns: 0 };

async function checkedTurn(generated: Turn): Promise<void> {
  const before = await allCases();
  const t: ConcreteTurn = generated.kind === 'click' ? resolveClick(generated, before) : generated;
  const out = await run(t); // an exception escaping the handler rejects here
  expectNo5xx(out);
  const after = await allCases();
  expectOnlyAllowedChanges(t, before, after);
  stats.turns += 1;
  stats.created += after.size - before.size;
  stats.changed += [...before].filter(([id, row]) => after.get(id)!.revision !== row.revision).length;
}

beforeEach(() => Object.assign(stats, { changed: 0, created: 0, turns: 0 }));

describe('fuzzed turns through the real handler and store', () => {
  it('card actions (Action.Execute and Action.Submit) and messages never escape, never 5xx, never change a case they may not', async () => {
    await fc.assert(fc.asyncProperty(turn, checkedTurn), { numRuns: 600, endOnFailure: true });
    await expectCodesOnlyInHrLog();
    expect(stats.created).toBeGreaterThan(0);
    expect(stats.changed).toBeGreaterThan(0);
    expect(stats.created + stats.changed).toBeLessThan(stats.turns / 2);
  });

  it('sequences of turns by the owner and others keep every case consistent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(turn, { minLength: 2, maxLength: 8 }), async (turns) => {
        for (const t of turns) await checkedTurn(t);
      }),
      { numRuns: 60, endOnFailure: true },
    );
    await expectCodesOnlyInHrLog();
    await expect(bot.store.verifyAudit()).resolves.toMatchObject({ ok: true });
    expect(stats.created + stats.changed).toBeGreaterThan(0);
  });
});
