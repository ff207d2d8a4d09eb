/**
 * The bench's targets (issue 9), the verdict per target and the printed tables. A missed target is
 * printed as MISS; the bench still exits 0: it measures, it does not test.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import type { LoadFigures } from './load';

export const TARGETS = {
  /** Escalatiewijzer on SQLite against the echo bot. */
  sqliteThroughputRatio: 0.6,
  sqliteP99Ratio: 2,
  peakRssBytes: 250 * 1024 * 1024,
  /** PostgreSQL against SQLite. */
  postgresThroughputRatio: 0.8,
  /** Protocol round trips per turn to PostgreSQL (issue 20 §3), counted on the wire (pg-round-trips.ts). */
  postgresRoundTripsPerTurn: 5,
  startupMs: 1500,
  /**
   * Retained heap may grow at most this much per 10,000 turns over the soak: ~26 bytes a turn, far
   * below anything a turn leaves behind (a case id alone is 22), above the noise of ten samples.
   */
  heapGrowthPer10kTurnsBytes: 256 * 1024,
  hrSummaryMs: 250,
  hrExportMs: 2000,
} as const;

export interface TargetFigures extends LoadFigures {
  name: string;
  peakRssBytes: number;
  readyMs: number;
  /** CPU time of the server process per turn (user + system): less sensitive to other load than turns/s. */
  cpuMsPerTurn: number;
  /** PostgreSQL only: protocol round trips to the database per turn. */
  roundTripsPerTurn?: number;
  /** To the echo bot: turns/s and p99. */
  throughputVsEcho?: number;
  p99VsEcho?: number;
}

export interface Verdict {
  target: string;
  measured: string;
  goal: string;
  pass: boolean;
}

export function machine() {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg(),
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const ratio = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(2)}×`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function turnsTable(targets: TargetFigures[]): string {
  return table(
    ['target', 'turns/s', 'p50', 'p99', 'errors', 'peak RSS', 'CPU/turn', 'DB round trips/turn', 'turns/s vs echo', 'p99 vs echo'],
    targets.map((t) => [
      t.name,
      t.turnsPerSecond.toFixed(0),
      ms(t.p50Ms),
      ms(t.p99Ms),
      String(t.errors),
      mb(t.peakRssBytes),
      `${t.cpuMsPerTurn.toFixed(2)} ms`,
      t.roundTripsPerTurn === undefined ? '—' : t.roundTripsPerTurn.toFixed(1),
      ratio(t.throughputVsEcho),
      ratio(t.p99VsEcho),
    ]),
  );
}

export function verdictTable(verdicts: Verdict[]): string {
  return table(
    ['target', 'measured', 'goal', 'result'],
    verdicts.map((v) => [v.target, v.measured, v.goal, v.pass ? 'PASS' : 'MISS']),
  );
}

export { mb, ms, ratio };
