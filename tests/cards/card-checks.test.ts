/** The checks the card tests rely on must be able to fail: each is fed a card that breaks it. */
import { cardProblems, executeScopes, parserEvents, schemaErrors } from '../helpers/card-schema';

const execute = (data: object, extra: object = {}) => ({
  type: 'Action.Execute',
  title: 'Go',
  verb: 'go',
  data,
  ...extra,
  fallback: { type: 'Action.Submit', title: 'Go', data, ...extra },
});
const good = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'Input.Date', id: 'd', label: 'Date', errorMessage: 'Pick a date', isRequired: true }],
  actions: [execute({ ew: 1 })],
};

describe('card checks', () => {
  it('the schema check accepts a good card and refuses bad ones', () => {
    expect(schemaErrors(good)).toEqual([]);
    expect(schemaErrors({ ...good, body: [{ type: 'Input.Toggle', id: 't', label: 'T', errorMessage: 'e' }] })).not.toEqual([]);
    expect(schemaErrors({ ...good, body: [{ type: 'TextBlock', text: 'x', colour: 'red' }] })).not.toEqual([]);
    expect(schemaErrors({ ...good, actions: [{ type: 'Action.Execute', title: 'x', associatedInputs: 'some' }] })).not.toEqual([]);
  });

  it('finds nothing wrong with a good card', () => {
    expect(cardProblems(good)).toEqual([]);
    expect(cardProblems({ ...good, actions: [{ type: 'Action.OpenUrl', title: 'Download', url: 'https://bot.example.nl/api/my-data/x' }] })).toEqual([]);
    expect(parserEvents(good)).toEqual([]);
  });

  it.each([
    ['an older version', { ...good, version: '1.6' }, /version 1.5/],
    ['an unexpanded expression', { ...good, body: [{ type: 'TextBlock', text: '${title}' }] }, /unexpanded/],
    ['an input without label', { ...good, body: [{ type: 'Input.Date', id: 'd', errorMessage: 'e' }] }, /no label/],
    ['a required input without error message', { ...good, body: [{ type: 'Input.Date', id: 'd', label: 'D', isRequired: true }] }, /no errorMessage/],
    ['a duplicate input id', { ...good, body: [good.body[0], good.body[0]] }, /duplicate input id/],
    ['a plain Action.Submit', { ...good, actions: [{ type: 'Action.Submit', title: 'x', data: {} }] }, /only Action.Execute/],
    ['an Execute without fallback', { ...good, actions: [{ type: 'Action.Execute', title: 'x', verb: 'v', data: {} }] }, /no Action.Submit fallback/],
    ['a fallback with other data', { ...good, actions: [{ ...execute({ a: 1 }), fallback: { type: 'Action.Submit', title: 'Go', data: { a: 2 } } }] }, /fallback data differs/],
    ['an unknown element', { ...good, body: [{ type: 'Fancy.Thing' }] }, /parser/],
    ['a link that is no web address', { ...good, actions: [{ type: 'Action.OpenUrl', title: 'Open', url: 'javascript:alert(1)' }] }, /no http\(s\) url/],
  ])('flags %s', (_what, card, problem) => {
    expect(cardProblems(card).join('\n')).toMatch(problem);
  });

  it('knows which inputs a button in a show card submits', () => {
    const card = {
      ...good,
      actions: [
        { type: 'Action.ShowCard', title: 'A', card: { type: 'AdaptiveCard', body: [{ type: 'Input.Text', id: 'a' }], actions: [execute({ n: 'a' })] } },
        { type: 'Action.ShowCard', title: 'B', card: { type: 'AdaptiveCard', body: [{ type: 'Input.Text', id: 'b' }], actions: [execute({ n: 'b' }, { associatedInputs: 'none' })] } },
      ],
    };
    expect(executeScopes(card).map((s) => [s.action.data, s.inputs.map((i) => i.id)])).toEqual([
      [{ n: 'a' }, ['d', 'a']],
      [{ n: 'b' }, []],
    ]);
  });
});
