/**
 * Guards for advisories in restify's dependencies that the bot avoids by how it uses them
 * (see docs/security.md, "Dependency audit"). They run on the real server, so routes added
 * later (the HR API, the tab) are checked too.
 */
import { startHttpBot } from './helpers';
import type { HttpBot } from './helpers';

let http: HttpBot;
beforeAll(async () => {
  http = await startHttpBot();
});
afterAll(() => http.close());

/** A path segment with more than a plain `:name`: two parameters, or text or a regex around one. */
const MULTIPARAMETRIC = /:[^/]*[:(\-.]|[^/]:/;

describe('routes', () => {
  it('no route has a multiparametric segment (find-my-way < 8.2.2 ReDoS, GHSA-rrr8-f88r-h8q6)', () => {
    const paths = http.bot.server.getDebugInfo().routes.map((route: { path: string | RegExp }) => String(route.path));
    expect(paths).toContain('/api/messages');
    expect(paths.filter((path: string) => MULTIPARAMETRIC.test(path) || path.startsWith('/^'))).toEqual([]);
  });

  it('the pattern catches what the advisory is about', () => {
    expect(['/api/:from-:to', '/api/:file.:ext', '/a:b', '/api/:id(^\\d+$)'].every((path) => MULTIPARAMETRIC.test(path))).toBe(true);
    expect(['/api/hr/cases/:caseKey', '/tab/hr', '/api/messages'].some((path) => MULTIPARAMETRIC.test(path))).toBe(false);
  });
});
