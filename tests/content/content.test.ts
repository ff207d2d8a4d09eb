/**
 * The shipped handreiking: both locales and the default meldkanalen are valid, complete for every
 * code the machine knows, and structurally identical across locales.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LOCALES, contentDir, loadContent, loadMeldkanalen } from '../../content/load';
import { UI_ERROR_CODES } from '../../content/schema';
import { EVENT_INPUTS, EVENT_TYPES } from '../../flows/escalation/events';
import {
  ADDRESS_OUTCOMES,
  CATEGORIES,
  CLOSE_REASONS,
  FORMAL_REPORT_REASONS,
  NO_SANCTION_REASONS,
  OCCURRENCES,
  REPORT_OUTCOMES,
  REPORT_ROUTES,
  RUNGS,
  SANCTION_DECISIONS,
  SIGNAL_SOURCES,
  STEP_IDS,
  PERPETRATORS,
  AFFECTED_PARTIES,
  CONSULTED_PARTIES,
  FACT_FINDINGS,
  EXTERNAL_PARTY_MEASURES,
  EXTERNAL_WORKER_MEASURES,
  STRUCTURAL_MEASURES,
} from '../../flows/escalation/types';

const readRaw = (file: string): unknown => parseYaml(fs.readFileSync(path.join(contentDir(), file), 'utf8'));

/** Every key path of a value; array elements collapse to `[]` so list lengths may differ. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    return [...new Set(value.flatMap((item) => keyPaths(item, `${prefix}[]`)))].sort();
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => {
      const here = prefix === '' ? key : `${prefix}.${key}`;
      return [here, ...keyPaths(child, here)];
    });
  }
  return [];
}

/** Paths of strings that are empty or only whitespace. */
function emptyStrings(value: unknown, at = ''): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => emptyStrings(item, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => emptyStrings(child, at === '' ? key : `${at}.${key}`));
  }
  return [];
}

function inputIdsOfEvents(): string[] {
  return Object.values(EVENT_INPUTS).flatMap((schema) => ('shape' in schema ? Object.keys(schema.shape) : []));
}

describe.each(LOCALES)('content %s', (locale) => {
  const content = loadContent(locale);

  it('loads, validates and declares its own locale', () => {
    expect(content.meta.locale).toBe(locale);
    expect(content.meta.contentVersion).toMatch(/interim/);
  });

  it('states visibly that it is interim, citing both letters to parliament by title only', () => {
    // Their numbers and dates are unconfirmed (docs/sources.md): say less rather than something wrong.
    expect(content.meta.interimNotice).toMatch(/Kamerbrief|letter to parliament/);
    expect(content.meta.interimNotice).toMatch(/2025/);
    expect(content.meta.interimNotice).not.toMatch(/30 950|nr\. 4\d\d|no\. 4\d\d/);
  });

  it('has no empty text anywhere in the file', () => {
    expect(emptyStrings(readRaw(`${locale}.yaml`))).toEqual([]);
  });

  it('has guidance for every step of the machine, each citing known sources', () => {
    expect(Object.keys(content.steps).sort()).toEqual([...STEP_IDS].sort());
    for (const id of STEP_IDS) {
      const step = content.steps[id];
      expect(step.sources.length).toBeGreaterThanOrEqual(1);
      for (const source of step.sources) expect(Object.keys(content.sources)).toContain(source);
      expect(step.checklist.length).toBeGreaterThanOrEqual(3);
      expect(step.keywords.every((word) => word === word.toLowerCase())).toBe(true);
    }
  });

  it('defines the sources the domain rests on', () => {
    expect(Object.keys(content.sources)).toEqual(
      expect.arrayContaining([
        'kamerbrief2024',
        'kamerbrief2025',
        'caoRijk15',
        'caoRijk12',
        'gedragscodeIntegriteitRijk',
        'pdirektIntegriteit',
        'klokkenluiders',
        'kcoo',
        'crm',
        'arbowet',
        'avg',
      ]),
    );
  });

  it('names every rung and every enumerated code', () => {
    expect(Object.keys(content.rungs)).toEqual([...RUNGS]);
    const expected: Record<keyof typeof content.choices, readonly string[]> = {
      categories: CATEGORIES,
      signalSource: SIGNAL_SOURCES,
      occurrence: OCCURRENCES,
      perpetrator: PERPETRATORS,
      affected: AFFECTED_PARTIES,
      consultedWith: CONSULTED_PARTIES,
      factFinding: FACT_FINDINGS,
      partyMeasures: EXTERNAL_PARTY_MEASURES,
      workerMeasures: EXTERNAL_WORKER_MEASURES,
      structuralMeasures: STRUCTURAL_MEASURES,
      addressOutcome: ADDRESS_OUTCOMES,
      sanctionDecision: SANCTION_DECISIONS,
      noSanctionReason: NO_SANCTION_REASONS,
      formalReportReason: FORMAL_REPORT_REASONS,
      reportRoute: REPORT_ROUTES,
      reportOutcome: REPORT_OUTCOMES,
      closeReason: CLOSE_REASONS,
    };
    expect(Object.keys(content.choices).sort()).toEqual(Object.keys(expected).sort());
    for (const [group, codes] of Object.entries(expected)) {
      expect(Object.keys(content.choices[group as keyof typeof expected]).sort()).toEqual([...codes].sort());
    }
  });

  it('labels every card input, the note, the organisation unit and the three shared-id variants', () => {
    const ids = new Set([...inputIdsOfEvents(), 'note', 'orgUnit', 'reportOutcome', 'closeReason', 'formalReportReason']);
    expect(Object.keys(content.fields).sort()).toEqual([...ids].sort());
    expect(content.fields.note).toEqual({ label: expect.stringMatching(/\S/), error: expect.stringMatching(/\S/), button: expect.stringMatching(/\S/) });
  });

  it('has a button title for every event and different titles for different events', () => {
    expect(Object.keys(content.actions).sort()).toEqual([...EVENT_TYPES].sort());
    expect(new Set(Object.values(content.actions)).size).toBe(EVENT_TYPES.length);
  });

  it('has a message for every user error the bot can raise, with its placeholders', () => {
    expect(Object.keys(content.ui.errors).sort()).toEqual([...UI_ERROR_CODES].sort());
    expect(content.ui.errors.noteTooLong.body).toContain('{max}');
    // {max} is the only placeholder the bot fills in: any other would reach the manager literally.
    const placeholders = Object.values(content.ui.errors).flatMap((e) => `${e.title} ${e.body}`.match(/\{[^}]*\}/g) ?? []);
    expect([...new Set(placeholders)]).toEqual(['{max}']);
  });

  it('lists the help commands', () => {
    const commands = content.ui.help.commands.map((c) => c.command);
    expect(commands).toEqual(
      locale === 'nl'
        ? ['help', 'nieuw', 'zaken', 'melden', 'gesprek', 'herinneringen', 'mijn gegevens', 'verwijder', 'overdragen', 'overnemen']
        : ['help', 'new', 'cases', 'report', 'appraisal', 'reminders', 'my data', 'delete', 'hand over', 'take over'],
    );
  });

  it('never asks the manager to record origin or religion: the privacy hint says the opposite', () => {
    expect(content.meta.privacyHint).toMatch(locale === 'nl' ? /niet .*afkomst.*geloof/ : /not .*origin.*religion/);
    const inputIds = Object.keys(content.fields).join(' ').toLowerCase();
    expect(inputIds).not.toMatch(/ethnic|origin|religio|afkomst|geloof|nationalit/);
  });
});

describe('locales', () => {
  it('nl and en have exactly the same key paths', () => {
    const nl = keyPaths(readRaw('nl.yaml'));
    const en = keyPaths(readRaw('en.yaml'));
    expect(nl.length).toBeGreaterThan(300);
    expect(en).toEqual(nl);
  });

  it('nl and en cite the same sources for each step', () => {
    const nl = loadContent('nl');
    const en = loadContent('en');
    for (const id of STEP_IDS) expect(en.steps[id].sources).toEqual(nl.steps[id].sources);
  });
});

describe('default meldkanalen', () => {
  const channels = loadMeldkanalen();

  it('is valid, with unique ids and no empty text', () => {
    expect(new Set(channels.map((c) => c.id)).size).toBe(channels.length);
    expect(emptyStrings(readRaw('meldkanalen.yaml'))).toEqual([]);
  });

  it('covers every kind of channel, including the joint complaints committee', () => {
    expect(new Set(channels.map((c) => c.kind))).toEqual(
      new Set(['vertrouwenspersoon', 'integrity', 'complaint', 'whistleblower', 'external']),
    );
    expect(channels.map((c) => c.id)).toEqual(
      expect.arrayContaining(['vertrouwenspersoon', 'klachtencommissie-ongewenste-omgangsvormen-rijk', 'antidiscriminatievoorziening', 'politie']),
    );
  });

  it('invents no phone numbers (only the emergency number 112)', () => {
    const numbers = JSON.stringify(channels).match(/\d[\d -]{5,}\d/g) ?? [];
    expect(numbers).toEqual([]);
  });
});
