/**
 * Smoke run of `npm run bench -- --quick`: the whole bench end to end on small sizes — it builds,
 * starts every target, walks cases through the ladder without a single refused step, and writes
 * the JSON report. No figure is judged here: the bench measures, tests do not time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('npm run bench -- --quick', () => {
  const out = mkdtempSync(join(tmpdir(), 'ew-bench-results-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('measures every target and writes the report with the machine description', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'run.ts'), '--quick', `--out=${out}`], {
      cwd: ROOT,
      encoding: 'utf8',
      // Only against a hang: the smoke run takes a minute or two, far longer on a loaded machine.
      timeout: 900_000,
    });
    expect({ status: run.status, stderr: run.stderr.slice(-2000) }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(run.stdout).toMatch(/turns\/s vs echo/);
    expect(run.stdout).toMatch(/\b(PASS|MISS)\b/);

    const files = readdirSync(out).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    const report = JSON.parse(readFileSync(join(out, files[0]!), 'utf8'));
    expect(report.machine).toMatchObject({ cpus: expect.any(Number), memoryBytes: expect.any(Number), node: process.version });

    const names = report.turns.map((t: { name: string }) => t.name);
    expect(names.slice(0, 2)).toEqual(['echo (botbuilder)', 'Escalatiewijzer, SQLite']);
    for (const target of report.turns) expect(target).toMatchObject({ turns: expect.any(Number), errors: 0 });
    expect(report.turns.every((t: { turns: number }) => t.turns > 0)).toBe(true);
    if (report.postgresSkipped === null) {
      expect(names).toContain('Escalatiewijzer, PostgreSQL');
      // Round trips are counted on the wire for PostgreSQL only; a walked case cannot make none.
      const counted = report.turns.filter((t: { roundTripsPerTurn?: number }) => t.roundTripsPerTurn !== undefined);
      expect(counted.map((t: { name: string }) => t.name)).toEqual(['Escalatiewijzer, PostgreSQL']);
      expect(counted[0].roundTripsPerTurn).toBeGreaterThan(1);
      expect(run.stdout).toMatch(/PostgreSQL round trips per turn/);
    }
    else expect(report.postgresSkipped).toMatch(/\w/);

    expect(report.soak).toMatchObject({ errors: 0 });
    expect(report.soak.samples).toHaveLength(3);
    expect(report.hr[0]).toMatchObject({ store: 'SQLite', generated: { rows: 20_000 } });
    expect(report.verdicts.length).toBeGreaterThan(5);
  }, 960_000);
});
