/**
 * The read replica (DATABASE_READ_URL, docs/scaling.md section 3): which reads it may serve, and how far
 * behind the primary it is. Pure logic here (WAL positions, lag, the routing decision) with unit tests beside
 * it; the pools and the poller live in connect.ts.
 *
 * A read goes to the replica only when all of these hold:
 * - the last poll reached the replica and it is a standby (`pg_is_in_recovery()`);
 * - its lag (how long the primary has had WAL the replica has not replayed) is within the bound;
 * - the reader's last write (a WAL position recorded after it, `pg_current_wal_insert_lsn()`) has been
 *   replayed there (`pg_last_wal_replay_lsn()`): read-your-writes.
 * Otherwise, or when the replica fails during the read, the read runs on the primary: never an error.
 */

/** A WAL position ('16/B374D848') as a number of bytes. */
export function parseLsn(text: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  if (!m?.[1] || !m[2]) throw new Error(`not a WAL position: "${text}"`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/**
 * A write mark taken with `pg_current_wal_insert_lsn()` points past the page header when the last record
 * ended on a page boundary (24 bytes in, 40 at the start of a segment), where the replica's replayed
 * position is the boundary itself: both mean the same WAL, so the mark is moved back to the boundary
 * (8 kB pages, PostgreSQL's default; with other sizes a mark only waits for the next record).
 */
export function comparableMark(lsn: bigint): bigint {
  const offset = lsn % 8192n;
  return offset === 24n || offset === 40n ? lsn - offset : lsn;
}

/** A WAL position of the primary and when it was read (ms since the epoch). */
export interface PrimarySample {
  at: number;
  lsn: bigint;
}

/**
 * How many seconds the replica is behind: 0 when it has replayed the primary's latest sampled position;
 * otherwise the age of the oldest sample it has not replayed (the primary has held WAL the replica lacks for
 * at least that long). Samples are in time order.
 */
export function lagSeconds(samples: readonly PrimarySample[], replayed: bigint, now: number): number {
  const oldestMissing = samples.find((s) => s.lsn > replayed);
  return oldestMissing ? Math.max(0, (now - oldestMissing.at) / 1000) : 0;
}

export type ReplicaState = 'starting' | 'streaming' | 'lagging' | 'down';

/** What the last poll found. */
export interface ReplicaHealth {
  state: ReplicaState;
  /** Seconds behind the primary (lagSeconds); null when the replica was not reached. */
  lagSeconds: number | null;
  /** Bytes of WAL the replica has not replayed at the last poll; null when not reached. */
  lagBytes: number | null;
  /** The replica's replayed position at the last poll. */
  replayed: bigint | null;
  detail: string;
}

export interface ReplicaOptions {
  /** postgres://… of a streaming standby of DATABASE_URL. */
  url: string;
  /** Reads go to the primary while the replica is more than this many seconds behind (default 5). */
  maxLagSeconds: number;
  /** How often the lag is measured (default 1000 ms). */
  pollMs: number;
}

/** DATABASE_READ_URL, PASSAGE_READ_MAX_LAG_SECONDS, PASSAGE_READ_POLL_MS; a malformed number stops the start. */
export function readReplicaOptions(env: NodeJS.ProcessEnv = process.env): ReplicaOptions | undefined {
  const url = env.DATABASE_READ_URL?.trim();
  if (!url) return undefined;
  const num = (name: string, fallback: number, min: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`${name}: expected a number ≥ ${min}, got "${raw}"`);
    return n;
  };
  return {
    url,
    maxLagSeconds: num('PASSAGE_READ_MAX_LAG_SECONDS', 5, 0),
    pollMs: num('PASSAGE_READ_POLL_MS', 1000, 50),
  };
}

/** Where one read goes, and why (the reason is logged in the metrics only as the target). */
export function routeRead(
  health: ReplicaHealth,
  maxLagSeconds: number,
  readAfter: bigint | undefined,
): { target: 'replica' | 'primary'; reason: string } {
  if (health.state === 'down' || health.state === 'starting' || health.replayed === null)
    return { target: 'primary', reason: `replica ${health.state}` };
  if (health.lagSeconds === null || health.lagSeconds > maxLagSeconds)
    return { target: 'primary', reason: `replica ${health.lagSeconds ?? '?'} s behind` };
  if (readAfter !== undefined && health.replayed < comparableMark(readAfter))
    return { target: 'primary', reason: 'the reader wrote after the replica’s position' };
  return { target: 'replica', reason: 'replica current' };
}

/**
 * The last write of each reader (a user), as the primary's WAL position after it. A mark is dropped once the
 * replica has replayed past it; at most `max` readers are kept (the oldest go first: their reads went to the
 * primary until then, and after a minute any replica within the lag bound has caught up).
 */
export class WriteMarks {
  private readonly marks = new Map<string, bigint>();
  constructor(private readonly max = 100_000) {}

  note(reader: string, lsn: bigint): void {
    const had = this.marks.get(reader);
    this.marks.delete(reader); // re-inserted last: Map keeps insertion order, the oldest first
    this.marks.set(reader, had !== undefined && had > lsn ? had : lsn);
    while (this.marks.size > this.max) {
      const oldest = this.marks.keys().next().value;
      if (oldest === undefined) break;
      this.marks.delete(oldest);
    }
  }

  of(reader: string | undefined): bigint | undefined {
    return reader === undefined ? undefined : this.marks.get(reader);
  }

  /** Forgets the marks the replica has replayed. */
  replayedUpTo(lsn: bigint): void {
    for (const [reader, mark] of this.marks) if (comparableMark(mark) <= lsn) this.marks.delete(reader);
  }

  get size(): number {
    return this.marks.size;
  }
}

/** A read's reader: who they are (their marks on this server) and the mark they carry (a cookie, other servers). */
export interface Reader {
  key?: string | undefined;
  after?: string | undefined;
}

/** The later of the reader's mark on this server and the one they carry; a malformed carried one is ignored. */
export function readAfterOf(marks: WriteMarks, reader: Reader | undefined): bigint | undefined {
  const own = marks.of(reader?.key);
  let carried: bigint | undefined;
  if (reader?.after) {
    try {
      carried = parseLsn(reader.after);
    } catch {
      carried = undefined;
    }
  }
  if (own === undefined) return carried;
  if (carried === undefined) return own;
  return own > carried ? own : carried;
}
