import { loadContent } from '../../content/load';
import { loadSituationsContent } from '../../content/situations';
import type { SituationsContent } from '../../content/situations';
import { MIN_CONFIDENCE, SituationSearch, situationSearchFor } from '../../bot/situation-search';
import { SituationTerms, words } from '../../bot/situation-terms';

const catalogues = { nl: loadSituationsContent('nl', loadContent('nl')), en: loadSituationsContent('en', loadContent('en')) };
const search = new SituationSearch(catalogues);

describe('the terms the matcher compares', () => {
  const terms = new SituationTerms('nl', { stopWords: ['ik', 'een'], synonyms: [['leidinggevende', 'baas', 'chef']] });

  it('are lower case words without accents; one letter is no word', () => {
    expect(words("Cliënt's P&O-adviseur, collega's!")).toEqual(['client', 'p&o', 'adviseur', 'collega']);
  });

  it('leave out stop words, stem Dutch words and read synonyms as the first word of their group', () => {
    expect(terms.terms('Ik hoorde een opmerking')).toEqual(terms.terms('hoorde opmerkingen'));
    expect(terms.terms('Mijn Baas')).toEqual(terms.terms('mijn leidinggevenden'));
    expect(terms.terms('ik een')).toEqual([]);
  });

  it('stem English words with the English stemmer', () => {
    const english = new SituationTerms('en', { stopWords: ['a'], synonyms: [['manager', 'boss']] });
    expect(english.terms('a remark by the bosses')).toEqual(english.terms('remarks by the manager'));
  });
});

describe('the situation matcher', () => {
  it.each([
    ['nl', 'Mijn chef lacht om racistische grappen over collega’s', 'ownManager'],
    ['nl', 'Een stagiaire van de hogeschool scheldt collega’s uit', 'externalWorker'],
    ['en', 'My boss laughs at racist jokes about colleagues', 'ownManager'],
  ] as const)('%s: "%s" is about %s', (locale, question, situation) => {
    expect(search.best(question, locale)?.situation).toBe(situation);
  });

  it('understands a question in the other language', () => {
    expect(search.best('My boss laughs at racist jokes about colleagues', 'nl')?.situation).toBe('ownManager');
    expect(search.best('Mijn chef lacht om racistische grappen over collega’s', 'en')?.situation).toBe('ownManager');
  });

  it('answers with a confidence between the threshold and 1', () => {
    const match = search.best('Een uitzendkracht maakt racistische opmerkingen', 'nl');
    expect(match?.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
    expect(match?.confidence).toBeLessThanOrEqual(1);
  });

  it.each(['', 'wat moet ik nu doen?', 'Waar vind ik mijn salarisstrook?', 'xq zzv wrrp', '<at>Escalatiewijzer</at>'])('finds nothing in "%s"', (question) => {
    expect(search.best(question, 'nl')).toBeNull();
  });

  it('learns from the content: a new example question makes its words match', () => {
    const withExample = (catalogue: SituationsContent): SituationsContent => ({
      ...catalogue,
      situations: { ...catalogue.situations, sickLeave: { ...catalogue.situations.sickLeave, examples: [...catalogue.situations.sickLeave.examples, 'kwartiermaker pionier'] } },
    });
    expect(search.best('kwartiermaker pionier', 'nl')).toBeNull();
    expect(new SituationSearch({ nl: withExample(catalogues.nl), en: catalogues.en }).best('kwartiermaker pionier', 'nl')?.situation).toBe('sickLeave');
  });

  it('is built once for the catalogues the process loaded, and anew for edited ones', () => {
    const edited = { nl: { ...catalogues.nl }, en: catalogues.en };
    expect(situationSearchFor({ ...catalogues })).toBe(situationSearchFor({ ...catalogues }));
    expect(situationSearchFor(edited)).not.toBe(situationSearchFor(catalogues));
    expect(situationSearchFor(edited)).toBe(situationSearchFor(edited));
  });
});
