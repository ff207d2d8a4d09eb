import { foldHrCase, projectHrCase, startsHrCase } from '../../../flows/hr/projection';
import type { HrCase } from '../../../flows/hr/projection';
import { sample } from '../escalation/walk';
import { hrEntriesOf } from '../../bot/hr/helpers/hr-entries';
import type { HrLogEntry } from '../../../flows/hr/log';

const KEY = 'a'.repeat(64);
const project = (...events: Parameters<typeof hrEntriesOf>[0]) => projectHrCase(null, KEY, hrEntriesOf(events))!;

const signal = sample('RECORD_SIGNAL', { categories: ['insult', 'exclusion'], signalDate: '2026-11-02' });
const conversation = sample('RECORD_CONVERSATION');
const prepared = sample('ADDRESS_PREPARED');

describe('the per-case HR projection', () => {
  it('takes unit, week and quarter from the first row and keeps them', () => {
    const c = project(signal, conversation);
    expect(c).toMatchObject({ caseKey: KEY, orgUnit: 'Beleid', signalWeek: '2026-W45', quarter: '2026-Q4', highest: 'address' });
    expect(c.source).toBe('affectedEmployee');
    expect(c.categoryMask).toBe(0b110);
  });

  it('keeps the first day offset of each milestone', () => {
    const c = project(signal, { ...conversation, at: '2026-11-05T10:00:00.000Z' });
    expect(c.days.conversation).toBe(3);
  });

  it('keeps nothing of the "I listened" box, also from rows that still say listened / notListened (issue 18)', () => {
    const ticked = project(signal, conversation);
    expect(project(signal, { ...conversation, listened: false })).toEqual(ticked);
    expect(JSON.stringify(ticked)).not.toMatch(/listen/i);
    // Rows written before the log stopped recording it: read, and not used.
    const [signalRow, conversationRow] = hrEntriesOf([signal, conversation]);
    for (const outcome of ['listened', 'notListened']) {
      expect(projectHrCase(null, KEY, [signalRow!, { ...conversationRow!, outcome }])).toEqual(ticked);
    }
  });

  it('routes a case about the manager away and never raises it onto the ladder', () => {
    const c = project(sample('RECORD_SIGNAL', { perpetrator: 'ownManager' }));
    expect(c.highest).toBe('routedAway');
  });

  it('raises the highest rung through address and sanction, and to a formal report only once filed', () => {
    const denied = sample('ADDRESS_HELD', { outcome: 'denied', heldOn: '2026-11-20' });
    const atSanction = project(signal, conversation, prepared, denied);
    expect(atSanction).toMatchObject({ highest: 'sanction', addressOutcome: 'denied', addressDeadline: 'missed' });
    const started = project(signal, conversation, prepared, denied, sample('START_FORMAL_REPORT'));
    expect(started.highest).toBe('sanction');
    const filed = project(signal, conversation, prepared, denied, sample('START_FORMAL_REPORT'), sample('FILE_REPORT', { route: 'whistleblower' }));
    expect(filed).toMatchObject({ highest: 'formalReport', reportRoute: 'whistleblower', reportOutcome: null });
  });

  it('keeps the report deadlines of the route that was filed', () => {
    const base = [signal, conversation, sample('START_FORMAL_REPORT')];
    const whistle = project(
      ...base,
      sample('FILE_REPORT', { route: 'whistleblower', filedOn: '2026-11-06' }),
      sample('REPORT_ACKNOWLEDGED', { acknowledgedOn: '2026-11-20' }),
      sample('REPORT_CONCLUDED', { outcome: 'notUpheld', concludedOn: '2026-12-01' }),
    );
    expect(whistle).toMatchObject({ whistleblowerAck: 'missed', whistleblowerFeedback: 'met', integrityOutcome: null, reportOutcome: 'notUpheld' });
    const integrity = project(
      ...base,
      sample('FILE_REPORT', { route: 'integrity', filedOn: '2026-11-06' }),
      sample('REPORT_CONCLUDED', { outcome: 'upheld', concludedOn: '2027-03-01' }),
    );
    expect(integrity).toMatchObject({ integrityOutcome: 'missed', whistleblowerAck: null, whistleblowerFeedback: null });
  });

  it('keeps the latest outcome but the first day offset after a repetition reopens the case', () => {
    const held = sample('ADDRESS_HELD', { outcome: 'stopped', heldOn: '2026-11-03' });
    const firstRound = [signal, conversation, prepared, held, sample('TEAM_TALK_SKIPPED'), sample('CLOSE')];
    const closed = project(...firstRound);
    expect(closed).toMatchObject({ closeReason: 'behaviourStopped', reopened: 0, highest: 'address' });
    const reopened = project(...firstRound, sample('REPORT_REPETITION'));
    expect(reopened).toMatchObject({ closeReason: null, reopened: 1, highest: 'sanction' });
    expect(reopened.days.closed).toBe(closed.days.closed);
  });

  it('folds row by row to the same result as all rows at once', () => {
    const entries = hrEntriesOf([signal, conversation, prepared, sample('ADDRESS_HELD')]);
    const stepwise = entries.reduce<HrCase | null>((c, entry) => foldHrCase(c, KEY, entry), null);
    expect(stepwise).toEqual(projectHrCase(null, KEY, entries));
  });
});

describe('the route and the outcomes of the new steps in the projection', () => {
  const conversationWithoutAction = sample('RECORD_CONVERSATION', { approachAgreed: false, consentFormal: false });

  it('keeps the coarse route kind of every route, never who did it or who was hit', () => {
    const routes = (['teamMember', 'otherTeam', 'hrStaff', 'citizen', 'externalWorker', 'groupOrUnknown', 'ruleOrProcedure', 'self', 'ownManager'] as const).map(
      (perpetrator) => project(sample('RECORD_SIGNAL', { perpetrator })).route,
    );
    expect(routes).toEqual(['ownTeam', 'handOver', 'handOver', 'external', 'external', 'structural', 'structural', 'routedAway', 'routedAway']);
    expect(project(sample('RECORD_SIGNAL', { perpetrator: 'teamMember', affected: 'self' })).route).toBe('handOver');
    const citizens = [sample('RECORD_SIGNAL', { perpetrator: 'citizen', affected: 'citizen' })];
    for (const written of [hrEntriesOf(citizens), project(...citizens)]) expect(JSON.stringify(written)).not.toMatch(/"citizen"|perpetrator|"affected"/);
  });

  it('follows a case that went support only: supportOnly, then agreedLater or ended', () => {
    const supportOnly = [signal, conversationWithoutAction];
    expect(project(...supportOnly)).toMatchObject({ support: 'supportOnly', highest: 'signal' });
    expect(project(...supportOnly, sample('EMPLOYEE_AGREES'))).toMatchObject({ support: 'agreedLater', highest: 'address' });
    expect(project(...supportOnly, sample('SUPPORT_ENDED')).support).toBe('ended');
    expect(project(signal, conversation).support).toBeNull();
    // Acute: the conversation leads to the sanction step, not to support only.
    const acute = sample('RECORD_SIGNAL', { acute: true });
    expect(project(acute, sample('SAFETY_ENSURED'), conversation)).toMatchObject({ support: null, highest: 'sanction' });
  });

  it('records the fact finding after a denial and the follow-up of a hand-over as codes', () => {
    const denied = [signal, conversation, prepared, sample('ADDRESS_HELD', { outcome: 'denied' })];
    expect(project(...denied).factFinding).toBeNull();
    expect(project(...denied, sample('FACTS_ESTABLISHED', { finding: 'notConfirmed' })).factFinding).toBe('notConfirmed');
    expect(project(...denied, sample('FACTS_ESTABLISHED', { finding: 'confirmed' })).factFinding).toBe('confirmed');
    const handOver = [sample('RECORD_SIGNAL', { perpetrator: 'otherTeam' }), sample('HANDED_OVER')];
    expect(project(...handOver)).toMatchObject({ route: 'handOver', handOver: null });
    expect(project(...handOver, sample('HAND_OVER_FOLLOWED_UP', { handled: false })).handOver).toBe('notHandled');
    expect(project(...handOver, sample('HAND_OVER_FOLLOWED_UP', { handled: true })).handOver).toBe('handled');
  });

  it('marks a case that passed to another manager, once, and nothing about who', () => {
    const entries = hrEntriesOf([signal, conversation]);
    expect(projectHrCase(null, KEY, entries)!.transferred).toBeNull();
    const handedOver: HrLogEntry = { ...entries[1]!, transition: 'handedOver', outcome: null };
    const projected = projectHrCase(null, KEY, [...entries, handedOver, handedOver])!;
    expect(projected.transferred).toBe('transferred');
  });

  it('reads a case from before routes existed as version 1 had it: on the ladder, unless routed away', () => {
    const withoutRoute = (entries: HrLogEntry[]) => entries.map((entry) => ({ ...entry, route: null }));
    expect(projectHrCase(null, KEY, withoutRoute(hrEntriesOf([signal, conversation])))!.route).toBe('ownTeam');
    expect(projectHrCase(null, KEY, withoutRoute(hrEntriesOf([sample('RECORD_SIGNAL', { perpetrator: 'ownManager' })])))!.route).toBe('routedAway');
    // The next row written by the new code carries the route; a row without one keeps what the case has.
    const legacy = projectHrCase(null, KEY, withoutRoute(hrEntriesOf([signal])))!;
    const [, next] = hrEntriesOf([sample('RECORD_SIGNAL', { perpetrator: 'otherTeam' }), sample('HANDED_OVER')]);
    expect(foldHrCase(legacy, KEY, next!).route).toBe('handOver');
    expect(foldHrCase({ ...legacy, route: 'structural' }, KEY, { ...next!, route: null }).route).toBe('structural');
  });
});

describe('which rows may start a projection', () => {
  it('is only a case’s signal: a later step of a case HR no longer knows would count it again', () => {
    expect(startsHrCase(hrEntriesOf([signal]))).toBe(true);
    expect(startsHrCase(hrEntriesOf([signal, conversation]))).toBe(true);
    expect(startsHrCase(hrEntriesOf([conversation]))).toBe(false);
    expect(startsHrCase(hrEntriesOf([prepared]))).toBe(false);
    expect(startsHrCase([])).toBe(false);
  });
});
