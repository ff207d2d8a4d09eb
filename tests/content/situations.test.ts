import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadAllContent, loadContent } from '../../content/load';
import { crossCheckSituations, loadSituationsContent, situationsContentFile } from '../../content/situations';
import type { SituationsContent } from '../../content/situations';
import { SITUATION_IDS } from '../../flows/situations';
import { words } from '../../bot/situation-terms';
import { FROZEN_QUESTIONS } from '../bot/fixtures/frozen-questions';

const catalogue = (locale: 'nl' | 'en') => loadSituationsContent(locale, loadContent(locale));

/** Lower case words of a sentence as one string, to compare examples with the held-out questions. */
const plain = (sentence: string) => words(sentence).join(' ');

describe('the situations catalogue', () => {
  it('is valid in both locales, with every situation, its essentials and sources', () => {
    for (const locale of ['nl', 'en'] as const) {
      const content = catalogue(locale);
      expect(Object.keys(content.situations)).toEqual([...SITUATION_IDS]);
      for (const id of SITUATION_IDS) {
        expect(content.situations[id].essentials.length).toBeGreaterThanOrEqual(3);
        expect(content.situations[id].examples.length).toBeGreaterThanOrEqual(6);
      }
    }
  });

  it('cites the same sources per situation in nl and en', () => {
    for (const id of SITUATION_IDS) expect(catalogue('en').situations[id].sources).toEqual(catalogue('nl').situations[id].sources);
  });

  it('holds none of the held-out test questions among its examples', () => {
    const frozen = new Set(FROZEN_QUESTIONS.map((q) => plain(q.question)));
    for (const locale of ['nl', 'en'] as const) {
      for (const id of SITUATION_IDS) {
        for (const example of catalogue(locale).situations[id].examples) expect(frozen.has(plain(example))).toBe(false);
      }
    }
  });

  it('has synonyms and stop words the matcher can read: one word each', () => {
    for (const locale of ['nl', 'en'] as const) {
      const { synonyms, stopWords } = catalogue(locale);
      for (const word of [...synonyms.flat(), ...stopWords]) expect(words(word).length).toBeLessThanOrEqual(1);
    }
  });

  it('stops the bot with the path of a missing situation', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-situations-'));
    try {
      const raw = parseYaml(fs.readFileSync(situationsContentFile('nl'), 'utf8')) as SituationsContent;
      const { applicant: _dropped, ...rest } = raw.situations;
      fs.writeFileSync(path.join(dir, 'situations.nl.yaml'), JSON.stringify({ ...raw, situations: rest }));
      expect(() => loadSituationsContent('nl', loadContent('nl'), dir)).toThrow(/situations\.applicant/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names an unknown source, a source defined twice, and a word in two synonym groups', () => {
    const good = catalogue('nl');
    const main = loadAllContent().nl;
    expect(crossCheckSituations(good, main)).toEqual([]);
    const broken: SituationsContent = {
      ...good,
      sources: { ...good.sources, crm: { title: 'x', reference: 'y' } },
      synonyms: [...good.synonyms, ['baas', 'hoofd']],
      situations: { ...good.situations, acute: { ...good.situations.acute, sources: ['nergens'] } },
    };
    const problems = crossCheckSituations(broken, main).join('\n');
    expect(problems).toMatch(/sources\.crm: already defined/);
    expect(problems).toMatch(/situations\.acute\.sources\[0\]: unknown source id "nergens"/);
    expect(problems).toMatch(/"baas" is already in synonyms\[0\]/);
  });
});
