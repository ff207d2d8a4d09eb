import { parsePlaygroundArgs } from '../../scripts/playground';

describe('npm run playground', () => {
  it('is Dutch by default, English on request, and explains a wrong command line', () => {
    expect(parsePlaygroundArgs([])).toEqual({ locale: 'nl' });
    expect(parsePlaygroundArgs(['--locale', 'en'])).toEqual({ locale: 'en' });
    expect(() => parsePlaygroundArgs(['--locale', 'fr'])).toThrow('usage: npm run playground [-- --locale nl|en]');
    expect(() => parsePlaygroundArgs(['--english'])).toThrow(/usage/);
  });
});
