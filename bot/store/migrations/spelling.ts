/**
 * The words in which SQLite's and PostgreSQL's schemas are spelled differently: every migration is
 * written once with them, and per dialect only where the schema itself differs. The SQL around
 * them is SQLite's spelling (TEXT, INTEGER), which PostgreSQL reads as its own: SQLite keeps each
 * CREATE statement's text in sqlite_master, so a new file gets the text existing files hold.
 */
import type { SqlDialect } from '../query-layer';

export interface Spelling {
  dialect: SqlDialect;
  /**
   * Text that is sorted or compared in ranges (instants, ids, keys). Times are the ISO 8601 strings
   * the turn carried, kept as text in both: the audit hash covers their exact spelling. SQLite
   * compares text in byte order; PostgreSQL does with the "C" collation, whatever locale the
   * database was created with.
   */
  sortedText: string;
  /** The length of a text in characters: SQLite has only length(); PostgreSQL keeps char_length() as written in the CHECKs of 001–012. */
  charLength: string;
  bytes: string;
  /** An integer that may pass 2^31 (audit sequence numbers): SQLite's INTEGER is 64-bit already. */
  bigint: string;
  /** A row id the database assigns: SQLite's rowid, a PostgreSQL identity. */
  rowId: string;
  /** A yes/no column: SQLite has no boolean type, so 0 or 1 under a CHECK. */
  flag(column: string, constraints?: string): string;
  /** Literals of a flag, and a condition on one. */
  true: string;
  false: string;
  isTrue(column: string): string;
  isFalse(column: string): string;
}

const SQLITE: Spelling = {
  dialect: 'sqlite',
  sortedText: 'TEXT',
  charLength: 'length',
  bytes: 'BLOB',
  bigint: 'INTEGER',
  rowId: 'INTEGER PRIMARY KEY',
  flag: (column, constraints) => [column, 'INTEGER', constraints, `CHECK (${column} IN (0, 1))`].filter(Boolean).join(' '),
  true: '1',
  false: '0',
  isTrue: (column) => `${column} = 1`,
  isFalse: (column) => `${column} = 0`,
};

const POSTGRES: Spelling = {
  dialect: 'postgres',
  sortedText: 'text COLLATE "C"',
  charLength: 'char_length',
  bytes: 'bytea',
  bigint: 'bigint',
  rowId: 'bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  flag: (column, constraints) => [column, 'boolean', constraints].filter(Boolean).join(' '),
  true: 'true',
  false: 'false',
  isTrue: (column) => column,
  isFalse: (column) => `NOT ${column}`,
};

export const spellingOf = (dialect: SqlDialect): Spelling => (dialect === 'sqlite' ? SQLITE : POSTGRES);
