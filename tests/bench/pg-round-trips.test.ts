/**
 * The bench's round-trip counter (issue 20 §3) on a real PostgreSQL: what a client waits on counts
 * once — a simple query, and a parameterised query's whole Parse/Bind/Execute/Sync batch — while
 * connecting and authenticating count nothing.
 */
import { Client } from 'pg';
import { FrontendMessageCounter, startRoundTripProxy } from '../../bench/pg-round-trips';
import type { RoundTripProxy } from '../../bench/pg-round-trips';
import { createTestDatabase } from '../helpers/postgres/database';
import type { TestDatabase } from '../helpers/postgres/database';

describe('the PostgreSQL round-trip counter', () => {
  let database: TestDatabase;
  let proxy: RoundTripProxy;

  beforeAll(async () => {
    database = await createTestDatabase('round_trips');
    proxy = await startRoundTripProxy(database.url);
  });

  afterAll(async () => {
    await proxy?.close();
    await database?.drop();
  });

  it('counts what the client waits on, through the proxy, and not the connection', async () => {
    const client = new Client({ connectionString: proxy.url });
    await client.connect();
    try {
      const before = proxy.roundTrips();
      await client.query('BEGIN');
      expect((await client.query<{ n: number }>('SELECT $1::int + 1 AS n', [41])).rows).toEqual([{ n: 42 }]);
      await client.query('COMMIT');
      expect([before, proxy.roundTrips()]).toEqual([0, 3]);
    } finally {
      await client.end();
    }
  });

  it('reads messages split over chunks and several in one chunk', () => {
    const counter = new FrontendMessageCounter();
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8, 0);
    startup.writeInt32BE(196608, 4);
    const message = (type: string, body = Buffer.alloc(0)) => {
      const header = Buffer.alloc(5);
      header.write(type, 0, 'latin1');
      header.writeInt32BE(4 + body.length, 1);
      return Buffer.concat([header, body]);
    };
    const stream = Buffer.concat([startup, message('p', Buffer.from('secret\0')), message('Q', Buffer.from('SELECT 1\0')), message('P', Buffer.from('\0S\0\0\0')), message('S')]);
    for (let at = 0; at < stream.length; at += 3) counter.push(stream.subarray(at, at + 3));
    expect(counter.roundTrips).toBe(2);
  });
});
