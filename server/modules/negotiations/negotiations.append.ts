import { sql } from 'drizzle-orm';
import type { Database, Db, PreparedStatement } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { NegotiationEvent } from '../../../shared/schemas/negotiations.ts';
import { rowsOf } from '../../db/rows.ts';
import { negotiationEvents, negotiations, type NegotiationEventRow } from './negotiations.table.ts';
import { proposals } from '../proposals/proposals.table.ts';
import { credentialStandsSql, type SocketCredential } from './negotiations.credential.ts';

/** A NOTIFY whose payload is complete but for the seq, which only the appending statement knows. */
export interface NotifyTemplate {
  channel: string;
  payload: string;
  /** Where the seq goes in the payload, as a PostgreSQL text[] path ('{data,event,seq}'). */
  seqPath: string;
}

export interface MessageToAppend {
  negotiationId: string;
  /** The writer's organisation: it must be one of the room's two parties. */
  organisationId: string;
  authorKey: string;
  authorId: string | null;
  clientMsgId: string;
  text: string;
  at: Date;
  /** A socket's credential, checked in the same statement; none for a request authenticated just now. */
  credential: SocketCredential | null;
  /** PostgreSQL: the NOTIFY sent when the statement commits; the in-process fan-out publishes after. */
  notify: ((event: NegotiationEvent) => NotifyTemplate) | null;
}

export type AppendOutcome =
  | { outcome: 'appended'; event: NegotiationEventRow }
  /** The clientMsgId was written before: nothing new, the ack carries the first seq. */
  | { outcome: 'repeated'; seq: number }
  | { outcome: 'credential_changed' }
  /** Anything unusual (no such room, not a party, closed, ended by the proposal): the full path decides. */
  | { outcome: 'not_simple' };

const MAX_BATCH = 200;
const DEADLOCK_RETRIES = 3;

interface Row {
  i: number;
  seq: number | null;
  earlier_seq: number | null;
  credential_ok: boolean;
}

/**
 * Appends chat messages, the hot path of every busy room, in batches: whatever arrived while the
 * previous batch was being written goes in ONE statement — room checks, each socket's credential,
 * idempotency, gap-free seqs, the inserts and the NOTIFYs commit together. On PostgreSQL a
 * transaction that notifies takes a database-wide lock at commit, so notifying commits run one at
 * a time: one per message would cap a server at a few hundred messages a second, one per batch
 * does not. A message waits at most for the batches before it.
 *
 * One batch is written at a time per process. A second one in flight would commit behind the first
 * anyway (its NOTIFY waits for the same database-wide lock, held until the first one has committed),
 * only smaller: measured with bench:ws on a loaded machine, two in flight sustained
 * 574 messages/s where one sustained 1 015.
 *
 * Seqs come from an UPDATE of the room rows, locked first in id order (two batches never deadlock),
 * so writers of one room queue on its row and each re-reads `last_seq` and `status` after the one
 * before commits. A batch that fails as a whole (a clientMsgId racing its own copy on another
 * connection hits the unique index) is written again one message at a time, so each gets its own
 * answer: the copy answers with the first one's seq.
 */
export function createMessageAppender({ db, prepare }: { db: Db; prepare: Database['prepare'] }) {
  // The statement's text is the same for every batch (the messages travel as one parameter): it is
  // built once, and on PostgreSQL parsed and planned once per connection. Planning it each time cost
  // about 1 ms of a batch's 2–3 ms (EXPLAIN ANALYZE: planning 0.8 ms, execution 0.5 ms for four
  // messages); building it from the query builder each time was a third of the server's allocation
  // under bench:ws load.
  const run = prepare('kopir_append_messages', appendStatement);

  const queue: Array<{ message: MessageToAppend; resolve(outcome: AppendOutcome): void; reject(error: unknown): void }> = [];
  let writing = false;

  async function work() {
    try {
      while (queue.length) {
        const batch = queue.splice(0, MAX_BATCH);
        try {
          const outcomes = await appendBatch(run, batch.map((entry) => entry.message));
          batch.forEach((entry, k) => entry.resolve(outcomes[k]));
        } catch (error) {
          if (batch.length === 1 && !isUniqueViolation(error) && !isDeadlock(error)) {
            batch[0].reject(error);
            continue;
          }
          for (const entry of batch) await appendAlone(entry.message).then(entry.resolve, entry.reject);
        }
      }
    } finally {
      writing = false;
    }
  }

  async function appendAlone(message: MessageToAppend, attempt = 1): Promise<AppendOutcome> {
    try {
      return (await appendBatch(run, [message]))[0];
    } catch (error) {
      if (isDeadlock(error) && attempt < DEADLOCK_RETRIES) return appendAlone(message, attempt + 1);
      // The only unique index a message can break: the seq comes from the locked room row.
      if (!isUniqueViolation(error)) throw error;
      const [first] = rowsOf<{ seq: number }>(await db.execute(sql`
        select seq from ${negotiationEvents}
        where negotiation_id = ${message.negotiationId} and author_key = ${message.authorKey} and client_msg_id = ${message.clientMsgId}`));
      return { outcome: 'repeated', seq: Number(first.seq) };
    }
  }

  return {
    append(message: MessageToAppend): Promise<AppendOutcome> {
      return new Promise((resolve, reject) => {
        queue.push({ message, resolve, reject });
        if (writing) return;
        writing = true;
        // Started on the next microtask: writes queued in the same turn go out together.
        queueMicrotask(() => void work());
      });
    },
  };
}
export type MessageAppender = ReturnType<typeof createMessageAppender>;

const isDeadlock = (error: unknown) => {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 4; current = (current as { cause?: unknown }).cause, depth++) {
    if ((current as { code?: unknown }).code === '40P01') return true;
  }
  return false;
};

const stands = (kind: SocketCredential['kind']) => credentialStandsSql(kind, sql`x.credential_hash`, sql`x.organisation_id`);

/** The whole batch in one statement; `input` is the messages as one JSON array (see appendBatch). */
const appendStatement = sql`
    with input as (
      select * from jsonb_to_recordset(${sql.placeholder('input')}::jsonb) as x(
        i int, negotiation_id uuid, organisation_id uuid, author_key text, author_id uuid, client_msg_id text, payload jsonb, created_at timestamptz,
        credential_kind text, credential_hash text, notify_channel text, notify_payload text, notify_seq_path text)
    ),
    checked as (
      select x.*,
        (select e.seq from ${negotiationEvents} e where e.negotiation_id = x.negotiation_id and e.author_key = x.author_key and e.client_msg_id = x.client_msg_id) as earlier_seq,
        case x.credential_kind when 'session' then ${stands('session')} when 'token' then ${stands('token')} else true end as credential_ok,
        exists (select 1 from ${negotiations} n join ${proposals} p on p.id = n.proposal_id
          where n.id = x.negotiation_id and n.status = 'open' and p.status = 'in_negotiation'
            and x.organisation_id in (n.enterprise_organisation_id, n.institute_organisation_id)) as room_ok
      from input x
    ),
    writable as (select * from checked where earlier_seq is null and credential_ok and room_ok),
    locked as (select n.id from ${negotiations} n where n.id in (select negotiation_id from writable) order by n.id for update),
    counts as (select negotiation_id, count(*)::int as c from writable group by negotiation_id),
    bumped as (
      update ${negotiations} n set last_seq = n.last_seq + c.c, updated_at = now()
      from counts c where n.id = c.negotiation_id and n.id in (select id from locked) and n.status = 'open'
      returning n.id, n.last_seq - c.c as base
    ),
    numbered as (
      select w.*, b.base + row_number() over (partition by w.negotiation_id order by w.i) as seq
      from writable w join bumped b on b.id = w.negotiation_id
    ),
    inserted as (
      insert into ${negotiationEvents} (negotiation_id, seq, kind, client_msg_id, author_id, author_key, payload, created_at)
      select negotiation_id, seq, 'message', client_msg_id, author_id, author_key, payload, created_at from numbered
      returning seq
    ),
    notified as (
      select pg_notify(notify_channel, jsonb_set(notify_payload::jsonb, notify_seq_path::text[], to_jsonb(seq))::text) from numbered where notify_channel is not null
    )
    select c.i, n.seq::int as seq, c.earlier_seq, c.credential_ok, (select count(*) from notified) as notified, (select count(*) from inserted) as inserted
    from checked c left join numbered n on n.i = c.i`;

async function appendBatch(run: PreparedStatement, messages: MessageToAppend[]): Promise<AppendOutcome[]> {
  const input = messages.map((message, i) => {
    const payload = { text: message.text };
    const template = message.notify?.({
      negotiationId: message.negotiationId, seq: 0, kind: 'message', clientMsgId: message.clientMsgId, authorId: message.authorId, payload, createdAt: message.at.toISOString(),
    });
    return {
      i, negotiation_id: message.negotiationId, organisation_id: message.organisationId, author_key: message.authorKey, author_id: message.authorId,
      client_msg_id: message.clientMsgId, payload, created_at: message.at.toISOString(),
      credential_kind: message.credential?.kind ?? null, credential_hash: message.credential?.hash ?? null,
      notify_channel: template?.channel ?? null, notify_payload: template?.payload ?? null, notify_seq_path: template?.seqPath ?? null,
    };
  });
  const rows = rowsOf<Row>(await run({ input: JSON.stringify(input) }));
  const byIndex = new Map(rows.map((row) => [Number(row.i), row]));
  return messages.map((message, i): AppendOutcome => {
    const row = byIndex.get(i)!;
    if (row.seq !== null) {
      return {
        outcome: 'appended',
        event: { negotiationId: message.negotiationId, seq: Number(row.seq), kind: 'message', clientMsgId: message.clientMsgId, authorId: message.authorId, authorKey: message.authorKey, payload: { text: message.text }, createdAt: message.at },
      };
    }
    if (row.earlier_seq !== null) return { outcome: 'repeated', seq: Number(row.earlier_seq) };
    if (!row.credential_ok) return { outcome: 'credential_changed' };
    return { outcome: 'not_simple' };
  });
}
