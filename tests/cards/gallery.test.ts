import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseGalleryArgs, runGallery } from '../../scripts/gallery';
import { LOCALES } from '../../content/load';
import { STEP_IDS } from '../../flows/escalation/types';
import { UI_ERROR_CODES } from '../../content/schema';
import { REMINDER_KINDS } from '../../flows/escalation/effects';
import { cardProblems } from '../helpers/card-schema';

describe('the card gallery', () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'gallery-test-'));
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('writes every step × locale and the other cards, and an index that renders them offline', async () => {
    const { cards } = await runGallery({ out, png: false });
    const expected = [
      ...STEP_IDS.map((step) => `step-${step}`),
      'welcome',
      'help',
      'my-cases',
      'report-channels',
      'situation-ownTeam',
      'situation-repetition',
      'situation-with-open-case',
      'situation-no-match',
      'summary-RECORD_SIGNAL',
      'summary-CLOSE',
      ...UI_ERROR_CODES.map((code) => `error-${code}`),
      ...REMINDER_KINDS.map((kind) => `reminder-${kind}`),
      'digest',
      'reminder-settings',
      'appraisal-before',
      'appraisal-after',
      'appraisal-recorded-askedSignalled',
      'my-data',
      'delete-list',
      'delete-confirm',
      'case-deleted',
      'personal-chat-only',
      'personal-chat-only-development',
    ];
    for (const name of expected) {
      for (const locale of LOCALES) {
        const file = path.join(out, `${name}.${locale}.json`);
        expect(fs.existsSync(file)).toBe(true);
        expect(cardProblems(JSON.parse(fs.readFileSync(file, 'utf8')))).toEqual([]);
      }
    }
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.json') && !f.startsWith('hostconfig'))).toHaveLength(cards.length);
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('<script src="adaptivecards.min.js"></script>');
    // Nothing is loaded from the network; the only addresses besides the schemas' are links a
    // button opens: the local bot's download link and Teams' link to the chat with the bot.
    // Links the cards offer (not loaded): the my-data page, the chat deep link, the sample training page (a reserved .example host).
    expect(html).not.toMatch(/https?:\/\/(?!adaptivecards\.io\/schemas|localhost:3978\/tab\/my-data\/|teams\.microsoft\.com\/l\/chat\/0\/0\?users=28:|leren\.example\.nl\/)/);
    const embedded = JSON.parse(html.match(/<script type="application\/json" id="cards">([\s\S]*?)<\/script>/)![1]!);
    expect(Object.keys(embedded)).toHaveLength(cards.length);
    expect(fs.statSync(path.join(out, 'adaptivecards.min.js')).size).toBeGreaterThan(100_000);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'hostconfig-microsoft-teams-light.json'), 'utf8'))).toHaveProperty('fontTypes.default.fontFamily');
  });

  it('takes --out DIR and --png, and explains a wrong command line', () => {
    expect(parseGalleryArgs(['--out', 'x', '--png'])).toEqual({ out: 'x', png: true });
    expect(parseGalleryArgs(['--out=y'])).toEqual({ out: 'y', png: false });
    expect(() => parseGalleryArgs([])).toThrow(/--out DIR is required/);
    expect(() => parseGalleryArgs(['--out'])).toThrow(/--out DIR is required/);
    expect(() => parseGalleryArgs(['--out', 'x', '--pdf'])).toThrow(/unknown argument "--pdf"/);
  });
});
