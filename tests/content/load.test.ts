/**
 * The loader at start-up: broken content stops the bot with a message that names the file and
 * every failing path; organisations can point at their own files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import {
  contentDir,
  loadContent,
  loadMeldkanalen,
  parseContent,
  parseMeldkanalen,
  projectRoot,
} from '../../content/load';

const nlText = fs.readFileSync(path.join(contentDir(), 'nl.yaml'), 'utf8');
const enText = fs.readFileSync(path.join(contentDir(), 'en.yaml'), 'utf8');

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'escalatiewijzer-content-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** nl.yaml with some edits applied to its YAML document. */
function editedNl(edit: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(nlText);
  edit(doc);
  return doc.toString();
}

/** The error message thrown by `run`, or fails the test when nothing is thrown. */
function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

describe('parseContent', () => {
  it('accepts the shipped file and trims block scalars', () => {
    const content = parseContent(nlText, 'nl.yaml');
    expect(content.steps.signalRecord.why.endsWith('\n')).toBe(false);
  });

  it('names the file and every failing path of a broken file', () => {
    const broken = editedNl((doc) => {
      doc.deleteIn(['steps', 'sanction', 'why']);
      doc.setIn(['steps', 'teamTalk', 'checklist', 1], '   ');
      doc.setIn(['steps', 'closing', 'sources'], ['crm', 'noSuchSource']);
      doc.setIn(['choices', 'categories', 'insultt'], 'Typfout');
      doc.deleteIn(['fields', 'consultedWith']);
      doc.setIn(['steps', 'closed', 'keywords', 0], 'Hoofdletter');
      doc.setIn(['meta', 'locale'], 'de');
    });
    const message = messageOf(() => parseContent(broken, '/somewhere/nl.yaml'));
    expect(message).toContain('/somewhere/nl.yaml');
    expect(message).toContain('steps.sanction.why');
    expect(message).toContain('steps.teamTalk.checklist[1]');
    expect(message).toContain('steps.closing.sources[1]');
    expect(message).toContain('noSuchSource');
    expect(message).toContain('insultt');
    expect(message).toContain('choices.categories');
    expect(message).toContain('fields.consultedWith');
    expect(message).toContain('steps.closed.keywords[0]');
    expect(message).toContain('meta.locale');
  });

  it('rejects a step without sources and a checklist that is too long', () => {
    const broken = editedNl((doc) => {
      doc.setIn(['steps', 'signalRecord', 'sources'], []);
      doc.setIn(['steps', 'addressPrepare', 'checklist'], ['1', '2', '3', '4', '5', '6', '7', '8']);
    });
    const message = messageOf(() => parseContent(broken, 'nl.yaml'));
    expect(message).toContain('steps.signalRecord.sources');
    expect(message).toContain('steps.addressPrepare.checklist');
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(messageOf(() => parseContent('meta:\n  locale: nl\n   bad: [', 'kapot.yaml'))).toMatch(/Invalid YAML in kapot\.yaml/);
  });
});

describe('loadContent', () => {
  it('caches: the same object on every call', () => {
    expect(loadContent('nl')).toBe(loadContent('nl'));
    expect(loadContent('en')).not.toBe(loadContent('nl'));
  });

  it('refuses a broken copy on disk, naming the file and the path', () => {
    fs.writeFileSync(path.join(tmp, 'nl.yaml'), editedNl((doc) => doc.deleteIn(['steps', 'managerIsSubject'])));
    const message = messageOf(() => loadContent('nl', tmp));
    expect(message).toContain(path.join(tmp, 'nl.yaml'));
    expect(message).toContain('steps.managerIsSubject');
  });

  it('refuses a file whose locale does not match its name', () => {
    fs.writeFileSync(path.join(tmp, 'nl.yaml'), enText);
    expect(messageOf(() => loadContent('nl', tmp))).toMatch(/meta\.locale: expected "nl", found "en"/);
  });

  it('loads an organisation folder with its own texts', () => {
    fs.writeFileSync(path.join(tmp, 'nl.yaml'), editedNl((doc) => doc.setIn(['steps', 'signalRecord', 'title'], 'Eigen titel')));
    expect(loadContent('nl', tmp).steps.signalRecord.title).toBe('Eigen titel');
    expect(loadContent('nl').steps.signalRecord.title).not.toBe('Eigen titel');
  });
});

describe('loadMeldkanalen', () => {
  const own = [
    {
      id: 'vp-eigen',
      kind: 'vertrouwenspersoon',
      name: { nl: 'Onze vertrouwenspersoon', en: 'Our confidential adviser' },
      description: { nl: 'Luistert en adviseert.', en: 'Listens and advises.' },
      contact: { nl: 'Zie intranet, pagina Integriteit.', en: 'See intranet, Integrity page.' },
    },
  ];

  it('uses an override file instead of the default list', () => {
    const file = path.join(tmp, 'meldkanalen.yaml');
    fs.writeFileSync(file, stringify(own));
    const channels = loadMeldkanalen(file);
    expect(channels).toEqual(own);
    expect(loadMeldkanalen().length).toBeGreaterThan(1);
  });

  it('refuses an override with an unknown kind, a missing translation or a duplicate id', () => {
    const file = path.join(tmp, 'kanalen.yaml');
    const [first] = own;
    fs.writeFileSync(
      file,
      stringify([
        { ...first, kind: 'hotline' },
        { ...first, name: { nl: 'Alleen Nederlands' } },
      ]),
    );
    const message = messageOf(() => loadMeldkanalen(file));
    expect(message).toContain(file);
    expect(message).toContain('[0].kind');
    expect(message).toContain('[1].name.en');
    expect(message).toContain('[1].id');
    expect(message).toMatch(/duplicate channel id "vp-eigen"/);
  });

  it('parseMeldkanalen refuses an empty list', () => {
    expect(messageOf(() => parseMeldkanalen('[]', 'leeg.yaml'))).toContain('leeg.yaml');
  });
});

describe('projectRoot', () => {
  it('finds the folder with package.json from the compiled location dist/content', () => {
    const root = projectRoot();
    expect(fs.existsSync(path.join(root, 'package.json'))).toBe(true);
    expect(projectRoot(path.join(root, 'dist', 'content'))).toBe(root);
    expect(contentDir()).toBe(path.join(root, 'content'));
  });
});
