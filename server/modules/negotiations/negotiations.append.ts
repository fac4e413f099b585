import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { NegotiationEvent } from '../../../shared/schemas/negotiations.ts';
import { rowsOf } from '../../db/rows.ts';
import { negotiationEvents, negotiations, type NegotiationEventRow } from './negotiations.table.ts';
import { proposals } from '../proposals/proposals.table.ts';
import { credentialStands, type SocketCredential } from './negotiations.credential.ts';

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

/**
 * A chat message in ONE statement, the hot path of every busy room: room checks, the credential,
 * idempotency, the next gap-free seq, the insert and the NOTIFY commit together in a single round
 * trip. The seq comes from an UPDATE of the room row, so concurrent writers queue on its row lock and
 * each re-reads `last_seq` (and `status`) after the one before commits. Two copies of one clientMsgId
 * racing in parallel both pass the `earlier` check; the unique index stops the second, which then
 * answers with the first's seq.
 */
export async function appendMessage(db: Db, message: MessageToAppend): Promise<AppendOutcome> {
  const { negotiationId, organisationId, authorKey, clientMsgId, at } = message;
  const payload = { text: message.text };
  const template = message.notify?.({
    negotiationId, seq: 0, kind: 'message', clientMsgId, authorId: message.authorId, payload, createdAt: at.toISOString(),
  });
  const notified = template
    ? sql`(select count(*) from (select pg_notify(${template.channel}, jsonb_set(${template.payload}::jsonb, ${template.seqPath}::text[], to_jsonb(i.seq))::text) from inserted i) n)`
    : sql`0`;
  try {
    const [row] = rowsOf<{ seq: number | null; earlier_seq: number | null; credential_ok: boolean; notified: unknown }>(await db.execute(sql`
      with room as (
        select n.id from ${negotiations} n join ${proposals} p on p.id = n.proposal_id
        where n.id = ${negotiationId} and n.status = 'open' and p.status = 'in_negotiation'
          and ${organisationId} in (n.enterprise_organisation_id, n.institute_organisation_id)
      ),
      credential as (select ${message.credential ? credentialStands(message.credential, organisationId) : sql`true`} as ok),
      earlier as (
        select e.seq from ${negotiationEvents} e where e.negotiation_id = ${negotiationId} and e.author_key = ${authorKey} and e.client_msg_id = ${clientMsgId}
      ),
      bumped as (
        update ${negotiations} n set last_seq = n.last_seq + 1, updated_at = ${at}::timestamptz
        where n.id in (select id from room) and n.status = 'open' and (select ok from credential) and not exists (select 1 from earlier)
        returning n.last_seq as seq
      ),
      inserted as (
        insert into ${negotiationEvents} (negotiation_id, seq, kind, client_msg_id, author_id, author_key, payload, created_at)
        select ${negotiationId}::uuid, b.seq, 'message'::text, ${clientMsgId}::text, ${message.authorId}::uuid, ${authorKey}::text, ${JSON.stringify(payload)}::jsonb, ${at}::timestamptz from bumped b
        returning seq
      )
      select (select seq from inserted) as seq, (select seq from earlier) as earlier_seq, (select ok from credential) as credential_ok, ${notified} as notified`));
    if (row.seq !== null) {
      const event: NegotiationEventRow = {
        negotiationId, seq: Number(row.seq), kind: 'message', clientMsgId, authorId: message.authorId, authorKey, payload, createdAt: at,
      };
      return { outcome: 'appended', event };
    }
    if (row.earlier_seq !== null) return { outcome: 'repeated', seq: Number(row.earlier_seq) };
    if (!row.credential_ok) return { outcome: 'credential_changed' };
    return { outcome: 'not_simple' };
  } catch (error) {
    // The only unique index a message can break here: the seq comes from the locked room row.
    if (!isUniqueViolation(error)) throw error;
    const [first] = rowsOf<{ seq: number }>(await db.execute(sql`
      select seq from ${negotiationEvents} where negotiation_id = ${negotiationId} and author_key = ${authorKey} and client_msg_id = ${clientMsgId}`));
    return { outcome: 'repeated', seq: Number(first.seq) };
  }
}
