import { z } from 'zod';
import { parseActionData } from '../../cards/actions';
import { renderStepCard } from '../../cards/render';
import { BUTTON_ONLY_EVENTS, EVENT_FIELDS, stepCardModel } from '../../cards/view-models';
import type { FieldKey, StepCardInput } from '../../cards/view-models';
import { loadContent, LOCALES } from '../../content/load';
import type { Locale } from '../../content/load';
import { EVENT_INPUTS, EVENT_TYPES, parseEventInputs } from '../../flows/escalation/events';
import type { EventType } from '../../flows/escalation/events';
import { reachableStates, representativeStates } from '../../flows/escalation/explore';
import type { ReachableState } from '../../flows/escalation/explore';
import { offeredEvents } from '../../flows/escalation/ladder';
import { exploredStepInput } from '../../cards/explored-step-input';
import { STEP_IDS } from '../../flows/escalation/types';
import { routeOf } from '../../flows/escalation/rules';
import {
  cardInputs,
  cardProblems,
  executeActions,
  executeScopes,
  schemaErrors,
} from '../helpers/card-schema';

const fieldLabelOf = (locale: Locale, key: FieldKey) => loadContent(locale).fields[key].label;

const TODAY = '2026-11-24';
const ORG_UNITS = ['DG-A', 'DG-B'];

function input(state: ReachableState, locale: Locale, extra: Partial<StepCardInput> = {}): StepCardInput {
  return exploredStepInput(state, loadContent(locale), locale, { caseId: 'case_01-x', today: TODAY, orgUnits: ORG_UNITS, needsOrgUnit: true, ...extra });
}

const cases = reachableStates().flatMap((state) =>
  LOCALES.map((locale) => {
    const label = `${state.step} via ${state.path.map((e) => e.type).join(' > ') || '(start)'} [${locale}]`;
    return { label, state, locale, offered: offeredEvents(state.snapshot), card: renderStepCard(stepCardModel(input(state, locale))) };
  }),
);

/** The input ids an event submits, and which of them its schema requires. */
function schemaFields(event: EventType): { ids: string[]; required: string[] } {
  const schema = EVENT_INPUTS[event];
  if (!(schema instanceof z.ZodObject)) return { ids: [], required: [] };
  const shape = schema.shape as Record<string, z.ZodType>;
  const ids = Object.keys(shape);
  return { ids, required: ids.filter((id) => !shape[id]!.safeParse(undefined).success) };
}

const stepActions = (card: unknown) =>
  executeActions(card).flatMap((action) => {
    const parsed = parseActionData(action.data);
    return parsed.ok && parsed.action.kind === 'step' ? [{ action, parsed: parsed.action, inputs: parsed.inputs }] : [];
  });

describe('step cards, model-based over every reachable state × locale', () => {
  it('covers every step in both locales', () => {
    expect(new Set(cases.map((c) => c.state.step))).toEqual(new Set(STEP_IDS));
    expect(new Set(cases.map((c) => c.locale))).toEqual(new Set(LOCALES));
  });

  it('every step card validates against the official Adaptive Card 1.5 schema', () => {
    const failures = cases.flatMap((c) => schemaErrors(c.card).map((e) => `${c.label}: ${e}`));
    expect(failures).toEqual([]);
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s: a well-formed 1.5 card (parser, labels, fallbacks, no ${)', (_label, c) => {
    expect(cardProblems(c.card)).toEqual([]);
    expect(c.card.version).toBe('1.5');
    expect(JSON.stringify(c.card)).not.toContain('${');
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s: one button per offered event, and no other step buttons', (_label, c) => {
    const buttons = stepActions(c.card);
    for (const { parsed } of buttons) {
      expect(parsed).toMatchObject({ caseId: 'case_01-x', revision: c.state.path.length });
      expect(EVENT_TYPES).toContain(parsed.event);
    }
    // On an open step "it happened again" is a button that asks for it on a card of its own.
    const asksRepetition = c.offered.includes('REPORT_REPETITION') && c.state.step !== 'closed';
    expect(new Set(buttons.map((b) => b.parsed.event))).toEqual(new Set(c.offered.filter((e) => !asksRepetition || e !== 'REPORT_REPETITION')));
    expect(buttons.every((b) => b.action.verb === b.parsed.event)).toBe(true);
    const repeatAsk = executeActions(c.card).filter((a) => (a.data as { kind?: string }).kind === 'repeatAsk');
    expect(repeatAsk.map((a) => a.associatedInputs)).toEqual(asksRepetition ? ['none'] : []);
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s: each button submits exactly the inputs its event needs', (_label, c) => {
    for (const { action, parsed } of executeScopes(c.card).flatMap((scope) => {
      const p = parseActionData(scope.action.data);
      return p.ok && p.action.kind === 'step' ? [{ action: scope, parsed: p }] : [];
    })) {
      const event = (parsed.action as { event: EventType }).event;
      const { ids, required } = schemaFields(event);
      const submitted = action.inputs;
      const submittedIds = submitted.map((i) => String(i.id));
      if (BUTTON_ONLY_EVENTS.includes(event)) {
        expect(submittedIds).toEqual([]);
        // Its data alone is a complete event: nothing the manager has to fill in first.
        expect(parseEventInputs(event, parsed.inputs, '2026-11-24T10:00:00.000Z').ok).toBe(true);
        continue;
      }
      for (const id of required) {
        const found = submitted.find((i) => i.id === id);
        expect({ event, id, isRequired: found?.isRequired }).toEqual({ event, id, isRequired: true });
      }
      // Every submitted input belongs to this event (or is the note / org unit), and no other
      // event's required input can block this button.
      for (const inputEl of submitted) {
        expect([event, String(inputEl.id), [...ids, 'note', 'orgUnit'].includes(String(inputEl.id))]).toEqual([event, String(inputEl.id), true]);
      }
    }
  });

  it('the note input stops at the limit the bot enforces', () => {
    const card = renderStepCard(stepCardModel(input(representativeStates().get('signalConversation')!, 'nl', { noteMaxLength: 500 })));
    expect(cardInputs(card).find((el) => el.id === 'note')).toMatchObject({ maxLength: 500 });
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s: inputs are typed as their values: toggles, dates, choice sets, note', (_label, c) => {
    const specs = new Map(Object.values(EVENT_FIELDS).flat().map((s) => [s.id, s]));
    for (const el of cardInputs(c.card)) {
      // Nothing filled in is no value at all, in show cards too: the reply carries no empty values.
      expect([el.id, el.value]).not.toEqual([el.id, '']);
      if (el.id === 'note') {
        expect(el).toMatchObject({ type: 'Input.Text', isMultiline: true, maxLength: 2000 });
        continue;
      }
      if (el.id === 'orgUnit') {
        expect(el).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true });
        continue;
      }
      const spec = specs.get(String(el.id))!;
      const expected = { choice: 'Input.ChoiceSet', multiChoice: 'Input.ChoiceSet', date: 'Input.Date', toggle: 'Input.Toggle', yesNo: 'Input.ChoiceSet' }[spec.kind];
      expect(el.type).toBe(expected);
      if (spec.kind === 'toggle') {
        // A statement the manager ticks: the box's own text, not a label plus "Ja".
        // valueOn/valueOff left out are the schema's defaults "true" / "false".
        expect({ valueOn: el.valueOn ?? 'true', valueOff: el.valueOff ?? 'false', title: el.title }).toEqual({ valueOn: 'true', valueOff: 'false', title: fieldLabelOf(c.locale, spec.key) });
        expect(el.label).toBeUndefined();
      }
      if (spec.kind === 'multiChoice') expect(el.isMultiSelect).toBe(true);
      if (spec.kind === 'yesNo') {
        // Answered explicitly: Ja / Nee, nothing preselected (no value at all), so an unanswered question is never read as "no".
        expect((el.choices as { value: string }[]).map((choice) => choice.value)).toEqual(['true', 'false']);
        expect(el).not.toHaveProperty('value');
      }
      if (el.type === 'Input.ChoiceSet') expect((el.choices as unknown[]).length).toBeGreaterThan(0);
    }
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s: a free-text note carries the privacy hint in its label, read out whenever it is focused', (_label, c) => {
    const content = loadContent(c.locale);
    const note = cardInputs(c.card).find((i) => i.id === 'note');
    expect(note !== undefined).toBe(c.offered.some((e) => !BUTTON_ONLY_EVENTS.includes(e)));
    if (note) {
      expect(note.label).toBe(`${content.fields.note.label}. ${content.meta.privacyHint}`);
      // Folded: the button next to the step's own buttons shows it.
      expect(note.isVisible).toBe(false);
      const toggle = (c.card.actions as { type: string; title: string; targetElements?: string[] }[]).find((a) => a.type === 'Action.ToggleVisibility');
      expect(toggle).toMatchObject({ title: content.fields.note.button, targetElements: ['note'] });
    }
  });
});

describe('step card guidance', () => {
  const representatives = representativeStates();

  it.each(STEP_IDS.flatMap((step) => LOCALES.map((locale) => [step, locale] as const)))(
    '%s [%s] is for acting: do-now and a short checklist on the form, the full guidance and the interim notice on demand',
    (step, locale) => {
      const content = loadContent(locale);
      const state = representatives.get(step)!;
      const texts = content.steps[step];
      const quoted = (text: string) => JSON.stringify(text).slice(1, -1);
      const form = renderStepCard(stepCardModel(input(state, locale)));
      const formJson = JSON.stringify(form);
      for (const text of [texts.title, texts.doNow, ...texts.shortChecklist]) expect(formJson).toContain(quoted(text));
      const onlyExplained = texts.checklist.filter((line) => !texts.shortChecklist.some((short) => short.includes(line)));
      for (const text of [texts.why, ...onlyExplained, ...texts.examples, ...texts.dont, content.meta.interimNotice]) expect(formJson).not.toContain(quoted(text));
      expect(form.msteams).toEqual({ width: 'Full' });
      const explain = executeActions(form).filter((a) => a.title === content.ui.guidance.explain);
      expect(explain.map((a) => a.data)).toContainEqual({ ew: 1, kind: 'explain', caseId: 'case_01-x', revision: state.path.length });

      const explained = renderStepCard(stepCardModel(input(state, locale, { explain: true })));
      const json = JSON.stringify(explained);
      for (const text of [texts.title, texts.doNow, texts.why, texts.deadline, ...texts.checklist, ...texts.examples, ...texts.dont, ...texts.involve]) {
        expect(json).toContain(quoted(text));
      }
      for (const id of texts.sources) expect(json).toContain(quoted(content.sources[id]!.title));
      expect(json).toContain(quoted(content.meta.interimNotice));
      expect(json).toContain(content.meta.contentVersion);
      // In place of the form: no inputs, and one way back.
      expect(cardInputs(explained)).toEqual([]);
      expect(executeActions(explained).map((a) => [a.title, a.data])).toEqual(
        expect.arrayContaining([[content.ui.guidance.back, { ew: 1, kind: 'explain', caseId: 'case_01-x', revision: state.path.length, back: true }]]),
      );
      expect(explained.msteams).toEqual({ width: 'Full' });
    },
  );

  it('shows a refused input\'s error right under that input, besides the summary at the top', () => {
    const content = loadContent('nl');
    const signal = representatives.get('signalRecord')!;
    type El = { id?: string; type?: string; style?: string; text?: string; items?: El[] };
    /** The card's elements in order, containers opened (the acute question sits in one). */
    const elements = (card: unknown): El[] => {
      const flat = (els: El[]): El[] => els.flatMap((el) => [el, ...flat(el.type === 'Container' ? (el.items ?? []) : [])]);
      return flat(JSON.parse(JSON.stringify(card)).body as El[]);
    };
    /** An error at a field: an attention container that says only what to fix (readable in light and dark). */
    const isFieldError = (el: El | undefined) => el?.type === 'Container' && el.style === 'attention' && (el.items ?? []).every((item) => item.type === 'TextBlock');
    const refused = elements(renderStepCard(stepCardModel(input(signal, 'nl', { error: { code: 'invalidInput', fields: ['categories', 'orgUnit', 'acute'] } }))));
    for (const id of ['categories', 'orgUnit', 'acute'] as const) {
      const at = refused.findIndex((el) => el.id === id);
      expect(isFieldError(refused[at + 1])).toBe(true);
      expect(refused[at + 1]!.items).toEqual([expect.objectContaining({ type: 'TextBlock', text: content.fields[id].error })]);
    }
    expect(refused.filter(isFieldError)).toHaveLength(4); // the three fields and the summary at the top
    expect(JSON.stringify(refused[0])).toContain(content.ui.errors.invalidInput.title);
    const fine = elements(renderStepCard(stepCardModel(input(signal, 'nl'))));
    expect(fine.filter(isFieldError)).toEqual([]);
  });

  it.each(LOCALES)('asks the acute question first on the signal card, marked in attention style [%s]', (locale) => {
    const card = renderStepCard(stepCardModel(input(representatives.get('signalRecord')!, locale)));
    expect(cardInputs(card)[0]).toMatchObject({ id: 'acute', label: loadContent(locale).fields.acute.label, isRequired: true });
    const holder = (card.body as { style?: string; items?: { id?: string }[] }[]).find((el) => el.items?.some((item) => item.id === 'acute'));
    expect(holder?.style).toBe('attention');
  });

  it('shows no sanction on the team-talk card, which a manager may show to the team', () => {
    const content = loadContent('nl');
    const teamTalk = reachableStates().find((s) => s.step === 'teamTalk' && s.snapshot.context.sanction?.decision !== undefined)!;
    expect(teamTalk).toBeDefined();
    const json = JSON.stringify(renderStepCard(stepCardModel(input(teamTalk, 'nl'))));
    expect(json).not.toContain(JSON.stringify(content.fields.decision.label));
    const sanction = reachableStates().find((s) => s.step === 'sanction' && s.snapshot.context.sanction?.decision !== undefined);
    // The same fact still shows where it belongs (when the machine can be in that state).
    if (sanction) expect(JSON.stringify(renderStepCard(stepCardModel(input(sanction, 'nl'))))).toContain(JSON.stringify(content.fields.decision.label));
  });

  /** The ladder line of a step card: its runs, label first. */
  const ladderRuns = (card: unknown) =>
    ((card as { body: { type: string; inlines?: { text: string; weight?: string }[] }[] }).body.find((el) => el.type === 'RichTextBlock')?.inlines ?? []).map((run) => ({
      text: run.text,
      weight: run.weight ?? 'Default',
    }));

  it('marks the current rung with a symbol and weight, not by colour alone', () => {
    const content = loadContent('nl');
    const runs = ladderRuns(renderStepCard(stepCardModel(input(representatives.get('sanction')!, 'nl'))));
    expect(runs.filter((r) => r.text.includes('▶'))).toEqual([{ text: `▶ ${content.rungs.sanction}`, weight: 'Bolder' }]);
    const line = runs.map((r) => r.text).join('');
    expect(line).toBe(`${content.ui.progress.label}: ${['signal', 'address'].map((r) => content.rungs[r as 'signal']).join(' › ')} › ▶ ${content.rungs.sanction} › ${(['teamTalk', 'formalReport', 'closing'] as const).map((r) => content.rungs[r]).join(' › ')}`);
    for (const run of runs.filter((r) => !r.text.includes('▶'))) expect(run.weight).toBe('Default');
  });

  it.each(LOCALES)('shows "sanction" on the ladder only on routes where the manager sanctions [%s]', (locale) => {
    const content = loadContent(locale);
    const sanctionRung = ` ${content.rungs.sanction}`;
    const shown = new Map<string, boolean>();
    for (const state of reachableStates()) {
      const context = state.snapshot.context;
      const route = context.route ?? (context.signal ? routeOf(context.signal.perpetrator, context.signal.affected) : 'notYetKnown');
      const line = ladderRuns(renderStepCard(stepCardModel(input(state, locale)))).map((r) => r.text).join('');
      if (line === '') continue;
      const hasSanction = line.includes(sanctionRung);
      expect([state.step, route, hasSanction]).toEqual([state.step, route, route === 'ownTeam' || route === 'notYetKnown']);
      shown.set(route, hasSanction);
    }
    // Every route the ladder can be on was seen, so the rule above was checked on each.
    expect([...shown.keys()].sort()).toEqual(['external', 'handOver', 'notYetKnown', 'ownTeam', 'structural']);
  });

  it('shows no ladder position once the manager is routed away', () => {
    const content = loadContent('en');
    const json = JSON.stringify(renderStepCard(stepCardModel(input(representatives.get('managerIsSubject')!, 'en'))));
    expect(json).not.toContain('▶');
    expect(json).not.toContain(content.ui.progress.label);
  });
});

describe('step card inputs', () => {
  const representatives = representativeStates();
  const signalRecord = representatives.get('signalRecord')!;

  it('asks for the organisation unit only when the manager has not chosen one', () => {
    const asked = renderStepCard(stepCardModel(input(signalRecord, 'nl')));
    const unit = cardInputs(asked).find((i) => i.id === 'orgUnit');
    expect(unit).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true, choices: ORG_UNITS.map((u) => ({ title: u, value: u })) });
    const chosen = renderStepCard(stepCardModel(input(signalRecord, 'nl', { needsOrgUnit: false })));
    expect(cardInputs(chosen).some((i) => i.id === 'orgUnit')).toBe(false);
    const onlyOnTheSignalForm = renderStepCard(stepCardModel(input(representatives.get('closing')!, 'nl')));
    expect(cardInputs(onlyOnTheSignalForm).some((i) => i.id === 'orgUnit')).toBe(false);
  });

  it('prefills today and known values, and drops anything that is not a valid value', () => {
    const canary = 'CANARY-free-text-4711';
    const card = renderStepCard(
      stepCardModel(
        input(signalRecord, 'nl', {
          prefill: { source: 'appraisalConversation', categories: 'insult,exclusion', perpetrator: canary, affected: 'citizen', note: canary, orgUnit: canary, acute: 'true' },
        }),
      ),
    );
    const byId = new Map(cardInputs(card).map((i) => [i.id, i]));
    expect(byId.get('signalDate')!.value).toBe(TODAY);
    expect(byId.get('source')!.value).toBe('appraisalConversation');
    expect(byId.get('categories')!.value).toBe('insult,exclusion');
    expect(byId.get('acute')!.value).toBe('true');
    // Not a valid value: nothing is preselected, so the input has no value at all.
    expect(byId.get('perpetrator')).not.toHaveProperty('value');
    expect(byId.get('affected')!.value).toBe('citizen');
    expect(JSON.stringify(card)).not.toContain(canary);
  });

  it('shows an error on the card with the labels of the fields to fix', () => {
    const content = loadContent('en');
    const card = renderStepCard(stepCardModel(input(signalRecord, 'en', { error: { code: 'invalidInput', fields: ['categories', 'signalDate', 'no-such-field'] } })));
    const json = JSON.stringify(card);
    expect(json).toContain(JSON.stringify(content.ui.errors.invalidInput.title));
    // The summary names the fields to fix, in card order.
    expect(json).toContain(`${content.ui.errors.invalidInput.body} ${content.fields.categories.label} · ${content.fields.signalDate.label}"`);
    expect(json).not.toContain('no-such-field');
    expect(cardProblems(card)).toEqual([]);
  });

  it('labels a shared input id by the event of the step (report outcome, not address outcome)', () => {
    const content = loadContent('nl');
    const card = renderStepCard(stepCardModel(input(representatives.get('formalReportFiled')!, 'nl', { error: { code: 'invalidInput', fields: ['outcome'] } })));
    const outcome = cardInputs(card).find((i) => i.id === 'outcome')!;
    expect(outcome.label).toBe(content.fields.reportOutcome.label);
    // The summary names it by this step's label.
    expect(JSON.stringify(card)).toContain(JSON.stringify(`${content.ui.errors.invalidInput.body} ${content.fields.reportOutcome.label}`));
  });

  it('refuses to build a card whose buttons could not be parsed back', () => {
    expect(() => stepCardModel(input(signalRecord, 'nl', { caseId: 'x'.repeat(65) }))).toThrow();
    expect(() => stepCardModel(input(signalRecord, 'nl', { caseId: 'has space' }))).toThrow();
  });
});

describe('EVENT_FIELDS', () => {
  it.each(EVENT_TYPES)('%s lists exactly the inputs of its event schema', (event) => {
    expect(EVENT_FIELDS[event].map((s) => s.id).sort()).toEqual(schemaFields(event).ids.sort());
  });
});
