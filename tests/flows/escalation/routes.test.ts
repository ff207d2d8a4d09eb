/**
 * The routes for real situations (issue "Real situations: routes"): who did it chooses the route,
 * who was hit adds guidance, and every one of the twenty situations walks on the real cards and the
 * real machine to the end of its route.
 */
import { parseActionData } from '../../../cards/actions';
import { renderCard, renderStepCard } from '../../../cards/render';
import { stepCardModel } from '../../../cards/view-models';
import { loadContent } from '../../../content/load';
import type { Locale } from '../../../content/load';
import { effectsOf } from '../../../flows/escalation/effects';
import { parseEventInputs } from '../../../flows/escalation/events';
import { advance, offeredEvents, startCase, stepOf } from '../../../flows/escalation/ladder';
import type { EscalationSnapshot } from '../../../flows/escalation/ladder';
import { AFFECTED_PARTIES, PERPETRATORS } from '../../../flows/escalation/types';
import type { AffectedParty, Perpetrator, StepId } from '../../../flows/escalation/types';
import { SITUATION_IDS } from '../../../flows/situations';
import { executeScopes } from '../../helpers/card-schema';
import { SITUATION_WALKS } from './situation-walks';
import type { CardSubmit } from './situation-walks';
import { sample, walk } from './walk';

const AT = '2026-11-03T10:00:00.000Z';

/** The first step after the signal for each pair, written out by hand: the table the issue settles. */
const BY_PERPETRATOR: Record<Perpetrator, StepId> = {
  teamMember: 'signalConversation',
  otherTeam: 'handOver',
  ownManager: 'managerIsSubject',
  self: 'managerIsSubject',
  hrStaff: 'handOver',
  citizen: 'externalParty',
  externalWorker: 'externalWorker',
  groupOrUnknown: 'structural',
  ruleOrProcedure: 'structural',
};

function expectedFirstStep(perpetrator: Perpetrator, affected: AffectedParty): StepId | 'refused' {
  if (perpetrator === 'self' && affected === 'self') return 'refused';
  if (perpetrator === 'teamMember') {
    // Hit myself: my own manager corrects my team member (a hand-over). No employee to talk to when a citizen, applicant or group was hit.
    if (affected === 'self') return 'handOver';
    return affected === 'teamMember' ? 'signalConversation' : 'addressPrepare';
  }
  return BY_PERPETRATOR[perpetrator];
}

const PAIRS = PERPETRATORS.flatMap((p) => AFFECTED_PARTIES.map((a) => [p, a, expectedFirstStep(p, a)] as const));

describe('who did it and who was hit: every pair', () => {
  it.each(PAIRS)('%s did it, %s was hit → %s', (perpetrator, affected, expected) => {
    const result = advance(startCase(AT), sample('RECORD_SIGNAL', { perpetrator, affected, acute: false }));
    if (expected === 'refused') {
      expect(result).toMatchObject({ accepted: false, rejection: 'impossibleCombination' });
      expect(stepOf(result.snapshot)).toBe('signalRecord');
      return;
    }
    expect(result.accepted).toBe(true);
    expect(stepOf(result.snapshot)).toBe(expected);
  });

  it.each(PAIRS.filter(([, , e]) => e !== 'refused' && e !== 'managerIsSubject'))('%s did it, %s was hit: acute goes to the safety step first', (perpetrator, affected) => {
    const result = advance(startCase(AT), sample('RECORD_SIGNAL', { perpetrator, affected, acute: true }));
    expect(stepOf(result.snapshot)).toBe('safety');
  });

  it('never offers a CAO Rijk sanction step on the external and structural routes', () => {
    for (const perpetrator of ['citizen', 'externalWorker', 'groupOrUnknown', 'ruleOrProcedure', 'otherTeam'] as const) {
      const at = walk([sample('RECORD_SIGNAL', { perpetrator, acute: false })]);
      expect(offeredEvents(at)).not.toContain('SANCTION_DECIDED');
      expect(offeredEvents(at)).not.toContain('ADDRESS_PREPARED');
    }
  });
});

/** Renders the step card and presses the button of `submit.event` with its inputs, as Teams would. */
function press(snapshot: EscalationSnapshot, submit: CardSubmit, locale: Locale): EscalationSnapshot {
  const step = stepOf(snapshot);
  expect(step).toBe(submit.on);
  const model = stepCardModel({ caseId: 'case-1', revision: 1, step, context: snapshot.context, offered: offeredEvents(snapshot), content: loadContent(locale), locale, today: '2026-11-24' });
  let card: unknown = renderStepCard(model);
  if (submit.event === 'REPORT_REPETITION' && step !== 'closed') {
    // On an open step "it happened again" is a button that brings a small card of its own.
    expect(executeScopes(card).some((s) => (s.action.data as { kind?: string }).kind === 'repeatAsk' && s.inputs.length === 0)).toBe(true);
    card = renderCard('repetition-form', model);
  }
  const scope = executeScopes(card).find((s) => (s.action.data as { event?: string }).event === submit.event);
  expect(scope).toBeDefined();
  const ids = scope!.inputs.map((i) => String(i.id));
  for (const id of Object.keys(submit.inputs)) expect(ids).toContain(id);
  // Every required input the button submits is filled in by the manager or already has a value (a date defaults to today).
  const defaults = Object.fromEntries(scope!.inputs.filter((i) => typeof i.value === 'string' && i.value !== '').map((i) => [String(i.id), String(i.value)]));
  for (const input of scope!.inputs) if (input.isRequired === true) expect(Object.keys({ ...defaults, ...submit.inputs })).toContain(String(input.id));
  const parsed = parseActionData({ ...(scope!.action.data as object), ...defaults, ...submit.inputs });
  if (!parsed.ok || parsed.action.kind !== 'step') throw new Error(`not a step action: ${JSON.stringify(parsed)}`);
  const event = parseEventInputs(parsed.action.event, parsed.inputs, AT);
  if (!event.ok) throw new Error(`${submit.event} inputs refused: ${event.fields.join(', ')}`);
  const result = advance(snapshot, event.event);
  if (!result.accepted) throw new Error(`${submit.event} refused on ${step}: ${result.rejection}`);
  return result.snapshot;
}

describe.each(['nl', 'en'] as const)('the twenty situations on the cards (%s)', (locale) => {
  it.each(SITUATION_IDS.map((id, index) => [index + 1, id] as const))('situation %i (%s) walks its route to the end', (_n, id) => {
    const situation = SITUATION_WALKS[id];
    const end = situation.submits.reduce((snapshot, submit) => press(snapshot, submit, locale), startCase(AT));
    expect(stepOf(end)).toBe(situation.end);
    expect(end.context.route).toBe(situation.route);
  });
});

describe('the affected employee’s wishes', () => {
  const supportOnly = () => walk([sample('RECORD_SIGNAL'), { ...sample('RECORD_CONVERSATION'), approachAgreed: false, consentFormal: false }]);

  it('supports only when the employee does not (yet) want action, with a check-in reminder', () => {
    const snapshot = supportOnly();
    expect(stepOf(snapshot)).toBe('supportOnly');
    const effects = effectsOf({ ...sample('RECORD_CONVERSATION'), approachAgreed: false }, snapshot.context, 'supportOnly');
    expect(effects.schedule.map((r) => r.kind)).toContain('supportCheckIn');
    expect(effects.cancel).toContain('addressOverdue');
  });

  it('returns to the ladder when the employee agrees, or closes when support ends', () => {
    const agreed = walk([sample('EMPLOYEE_AGREES')], supportOnly());
    expect(stepOf(agreed)).toBe('addressPrepare');
    expect(agreed.context.agreements?.approachAgreed).toBe(true);
    expect(stepOf(walk([sample('SUPPORT_ENDED')], supportOnly()))).toBe('closing');
  });

  it('refuses a formal report "because the employee wants it" without recorded consent, and allows it with consent', () => {
    expect(advance(supportOnly(), sample('START_FORMAL_REPORT', { reason: 'affectedWants' }))).toMatchObject({ accepted: false, rejection: 'formalConsentRequired' });
    // Without any conversation (an anonymous signal) there is no consent either.
    const anonymous = walk([sample('RECORD_SIGNAL', { source: 'anonymous' })]);
    expect(advance(anonymous, sample('START_FORMAL_REPORT', { reason: 'affectedWants' }))).toMatchObject({ accepted: false, rejection: 'formalConsentRequired' });
    const withConsent = walk([sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION')]);
    expect(stepOf(walk([sample('START_FORMAL_REPORT', { reason: 'affectedWants' })], withConsent))).toBe('formalReportRoute');
    // A serious situation can still be reported without the employee's wish.
    expect(stepOf(walk([sample('START_FORMAL_REPORT', { reason: 'serious' })], supportOnly()))).toBe('formalReportRoute');
  });

  it('asks the team-talk consent once: the team-talk card hides it after the first conversation', () => {
    const atTeamTalk = walk([sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION'), sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD', { outcome: 'stopped' })]);
    const card = renderStepCard(
      stepCardModel({ caseId: 'c', revision: 4, step: 'teamTalk', context: atTeamTalk.context, offered: offeredEvents(atTeamTalk), content: loadContent('nl'), locale: 'nl' }),
    );
    expect(JSON.stringify(card)).not.toContain('"id":"consent"');
    const anonymous = walk([sample('RECORD_SIGNAL', { source: 'anonymous' }), sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD', { outcome: 'stopped' })]);
    const asking = renderStepCard(
      stepCardModel({ caseId: 'c', revision: 3, step: 'teamTalk', context: anonymous.context, offered: offeredEvents(anonymous), content: loadContent('nl'), locale: 'nl' }),
    );
    expect(JSON.stringify(asking)).toContain('"id":"consent"');
  });
});

describe('repetition while the case is open', () => {
  const atTeamTalk = () => walk([sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION'), sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD', { outcome: 'stopped' })]);

  it.each(['teamTalk', 'closing'] as const)('can be reported on %s and escalates one rung', (step) => {
    const at = step === 'teamTalk' ? atTeamTalk() : walk([sample('TEAM_TALK_SKIPPED')], atTeamTalk());
    const repeated = walk([sample('REPORT_REPETITION', { samePerson: true })], at);
    expect(stepOf(repeated)).toBe('sanction');
    expect(repeated.context.signal?.occurrence).toBe('repeated');
  });

  it('by another person is refused here: that is a new case', () => {
    expect(advance(atTeamTalk(), sample('REPORT_REPETITION', { samePerson: false }))).toMatchObject({ accepted: false, rejection: 'otherPersonNewCase' });
  });

  it('on a hand-over route goes back to the hand-over, not to a sanction the manager cannot give', () => {
    const closed = walk([sample('RECORD_SIGNAL', { perpetrator: 'otherTeam' }), sample('HANDED_OVER'), sample('HAND_OVER_FOLLOWED_UP'), sample('CLOSE')]);
    expect(stepOf(walk([sample('REPORT_REPETITION', { samePerson: true })], closed))).toBe('handOver');
  });
});
