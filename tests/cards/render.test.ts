import * as fs from 'node:fs';
import * as path from 'node:path';
import { CardRenderError, renderCard, renderStepCard, templateDir } from '../../cards/render';
import { helpModel, stepCardModel } from '../../cards/view-models';
import type { StepCardModel } from '../../cards/view-models';
import { loadContent } from '../../content/load';
import { startCase, offeredEvents } from '../../flows/escalation/ladder';
import { STEP_IDS } from '../../flows/escalation/types';

jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof fs>('node:fs');
  return { ...actual, readFileSync: jest.fn(actual.readFileSync) };
});

const content = loadContent('nl');

function signalModel(): StepCardModel {
  const snapshot = startCase('2026-11-24T08:00:00.000Z');
  return stepCardModel({ caseId: 'c1', revision: 0, step: 'signalRecord', context: snapshot.context, offered: offeredEvents(snapshot), content, locale: 'nl' });
}

describe('rendering', () => {
  it('has one form template per step next to the shared templates', () => {
    for (const step of STEP_IDS) expect(fs.existsSync(`${templateDir()}/forms/${step}.json`)).toBe(true);
    for (const name of ['step-guidance', 'note', 'formal-report', 'welcome', 'help', 'my-cases', 'summary', 'error', 'report-channels']) {
      expect(fs.existsSync(`${templateDir()}/${name}.json`)).toBe(true);
    }
  });

  it('reads and parses each template once', () => {
    const read = fs.readFileSync as jest.Mock;
    const templateReads = () => read.mock.calls.filter(([file]) => String(file).endsWith(`${path.sep}help.json`)).length;
    const english = loadContent('en');
    const before = templateReads();
    renderCard('help', helpModel(content));
    renderCard('help', helpModel(english));
    renderCard('help', helpModel(content));
    expect(templateReads() - before).toBe(1);
  });

  it('composes guidance, form, note and buttons into one card', () => {
    const card = renderStepCard(signalModel());
    const json = JSON.stringify(card);
    const order = [content.steps.signalRecord.title, '"id":"categories"', '"id":"note"', content.meta.privacyHint].map((s) => json.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The step's button, then the one that unfolds the note.
    expect((card.actions as { title: string }[]).map((a) => a.title)).toEqual([content.actions.RECORD_SIGNAL, content.fields.note.button]);
  });

  it('refuses to send a card with an unexpanded expression, naming the template', () => {
    // Content without the step's do-now sentence: its own content object, so no card made from the real one is reused.
    const withoutDoNow = { ...content, steps: { ...content.steps, signalRecord: { ...content.steps.signalRecord, doNow: undefined } } } as unknown as typeof content;
    const snapshot = startCase('2026-11-24T08:00:00.000Z');
    const broken = stepCardModel({ caseId: 'c1', revision: 0, step: 'signalRecord', context: snapshot.context, offered: offeredEvents(snapshot), content: withoutDoNow, locale: 'nl' });
    expect(() => renderStepCard(broken)).toThrow(CardRenderError);
    expect(() => renderStepCard(broken)).toThrow(/unexpandedExpression in card template "forms\/signalRecord": \$\{guidance\.doNow\}/);
    expect(() => renderCard('welcome', {})).toThrow(/unexpandedExpression in card template "welcome"/);
  });

  it('reports a missing template as a catalogued error', () => {
    expect(() => renderCard('forms/nope' as never, {})).toThrow(expect.objectContaining({ code: 'templateUnreadable', template: 'forms/nope' }));
  });
});
