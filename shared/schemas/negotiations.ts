import Type, { type Static } from 'typebox';
import { IdSchema, IsoDateTimeSchema, KztSchema } from './common.ts';
import { TermsChangeSchema, TermsSchema } from './terms.ts';

// The negotiation room's wire protocol (JSON frames on GET /ws) and its REST companions.
// Other clients are written against these shapes: extend them, never change what a field means.
// docs/negotiation-protocol.md describes the protocol with examples.

/** The largest frame a client may send; a 20-milestone offer in Cyrillic fits with room to spare. */
export const MAX_CLIENT_FRAME_BYTES = 256 * 1024;
export const CHAT_TEXT_MAX = 8000;
export const CLIENT_MSG_ID_MAX = 100;

export const NEGOTIATION_STATUSES = ['open', 'agreed', 'ended'] as const;
export type NegotiationStatus = (typeof NEGOTIATION_STATUSES)[number];

/** `opened`, `agreed`, `ended` are written by the server; the rest by a member. `withdraw` ends the room. */
export const NEGOTIATION_EVENT_KINDS = ['opened', 'message', 'offer', 'accept', 'withdraw', 'agreed', 'ended'] as const;
export type NegotiationEventKind = (typeof NEGOTIATION_EVENT_KINDS)[number];

export const NEGOTIATION_SIDES = ['enterprise', 'institute'] as const;
export type NegotiationSide = (typeof NEGOTIATION_SIDES)[number];

/** A client's own id for a write, unique per author and room: resending it never makes a second event. */
const ClientMsgIdSchema = Type.String({ minLength: 1, maxLength: CLIENT_MSG_ID_MAX });
/** Seqs are PostgreSQL integers: a larger number cannot name an event (400, not a database error). */
const MAX_SEQ = 2_147_483_647;
const SeqSchema = Type.Integer({ minimum: 0, maximum: MAX_SEQ });

// ------------------------------------------------------------------ client → server

export const SubscribeFrameSchema = Type.Object({ type: Type.Literal('subscribe'), negotiationId: IdSchema, afterSeq: SeqSchema });
export const UnsubscribeFrameSchema = Type.Object({ type: Type.Literal('unsubscribe'), negotiationId: IdSchema });
export const MessageFrameSchema = Type.Object({
  type: Type.Literal('message'), negotiationId: IdSchema, clientMsgId: ClientMsgIdSchema,
  text: Type.String({ minLength: 1, maxLength: CHAT_TEXT_MAX }),
});
export const OfferFrameSchema = Type.Object({ type: Type.Literal('offer'), negotiationId: IdSchema, clientMsgId: ClientMsgIdSchema, terms: TermsSchema });
export const AcceptFrameSchema = Type.Object({
  type: Type.Literal('accept'), negotiationId: IdSchema, clientMsgId: ClientMsgIdSchema, version: Type.Integer({ minimum: 1, maximum: MAX_SEQ }),
});
export const WithdrawFrameSchema = Type.Object({
  type: Type.Literal('withdraw'), negotiationId: IdSchema, clientMsgId: ClientMsgIdSchema, reason: Type.String({ minLength: 1, maxLength: 2000 }),
});
export const TypingFrameSchema = Type.Object({ type: Type.Literal('typing'), negotiationId: IdSchema });
/** The reader has seen everything up to `seq`: unread counts follow it. */
export const ReadFrameSchema = Type.Object({ type: Type.Literal('read'), negotiationId: IdSchema, seq: SeqSchema });

export const ClientFrameSchema = Type.Union([
  SubscribeFrameSchema, UnsubscribeFrameSchema, MessageFrameSchema, OfferFrameSchema, AcceptFrameSchema, WithdrawFrameSchema,
  TypingFrameSchema, ReadFrameSchema,
]);
export type ClientFrame = Static<typeof ClientFrameSchema>;
export type ClientWriteFrame = Extract<ClientFrame, { clientMsgId: string }>;

// ------------------------------------------------------------------ server → client

export const NegotiationEventSchema = Type.Object({
  negotiationId: IdSchema,
  /** Gap-free and increasing per room, from 1. */
  seq: Type.Integer({ minimum: 1 }),
  kind: Type.Enum(NEGOTIATION_EVENT_KINDS),
  clientMsgId: Type.Union([Type.String(), Type.Null()]),
  /** Null for the server's own events. */
  authorId: Type.Union([IdSchema, Type.Null()]),
  /** message {text}; offer {version, terms, diff}; accept {version, side}; withdraw {reason, side};
   *  opened {proposalId, version: 1, terms}; agreed {version, partnershipId}; ended {reason}. */
  payload: Type.Record(Type.String(), Type.Unknown()),
  createdAt: IsoDateTimeSchema,
});
export type NegotiationEvent = Static<typeof NegotiationEventSchema>;

export interface OfferPayload { version: number; terms: Static<typeof TermsSchema>; diff: Static<typeof TermsChangeSchema>[] }
export interface AcceptPayload { version: number; side: NegotiationSide }
export interface AgreedPayload { version: number; partnershipId: string }

export const EventFrameSchema = Type.Object({ type: Type.Literal('event'), ...NegotiationEventSchema.properties });
export const AckFrameSchema = Type.Object({ type: Type.Literal('ack'), negotiationId: IdSchema, clientMsgId: ClientMsgIdSchema, seq: Type.Integer({ minimum: 1 }) });
/** Sent after the replay of a subscribe: every later event arrives live. */
export const SubscribedFrameSchema = Type.Object({ type: Type.Literal('subscribed'), negotiationId: IdSchema, lastSeq: SeqSchema });
export const PresenceFrameSchema = Type.Object({
  type: Type.Literal('presence'), negotiationId: IdSchema,
  members: Type.Array(Type.Object({ userId: IdSchema, name: Type.String(), side: Type.Enum(NEGOTIATION_SIDES) })),
});
export const TypingNoticeFrameSchema = Type.Object({ type: Type.Literal('typing'), negotiationId: IdSchema, userId: IdSchema, name: Type.String() });
export const ErrorFrameSchema = Type.Object({
  type: Type.Literal('error'), code: Type.String(), message: Type.String(),
  negotiationId: Type.Optional(IdSchema), clientMsgId: Type.Optional(Type.String()),
  /** terms.invalid: `{ issues: [{ path, message }] }`; invalid_frame: `{ issues }` from the schema check. */
  details: Type.Optional(Type.Unknown()),
});

export const ServerFrameSchema = Type.Union([EventFrameSchema, AckFrameSchema, SubscribedFrameSchema, PresenceFrameSchema, TypingNoticeFrameSchema, ErrorFrameSchema]);
export type ServerFrame = Static<typeof ServerFrameSchema>;

// ------------------------------------------------------------------ REST

export const OpenNegotiationResponseSchema = Type.Object({ negotiationId: IdSchema });

export const NegotiationSchema = Type.Object({
  id: IdSchema,
  proposalId: IdSchema,
  status: Type.Enum(NEGOTIATION_STATUSES),
  task: Type.Object({ id: IdSchema, title: Type.String() }),
  enterprise: Type.Object({ id: IdSchema, name: Type.String() }),
  institute: Type.Object({ id: IdSchema, name: Type.String() }),
  /** The caller's side; null for a read-only program office. */
  side: Type.Union([Type.Enum(NEGOTIATION_SIDES), Type.Null()]),
  latestVersion: Type.Integer({ minimum: 1 }),
  latestTerms: TermsSchema,
  /** Which version each side has accepted, if any. */
  accepted: Type.Object({ enterprise: Type.Union([Type.Integer(), Type.Null()]), institute: Type.Union([Type.Integer(), Type.Null()]) }),
  lastSeq: SeqSchema,
  unread: Type.Integer({ minimum: 0 }),
  partnershipId: Type.Union([IdSchema, Type.Null()]),
  /**
   * When a call's council funded the proposal: the call and the amount, the ceiling of any total
   * agreed here. Given by `GET /api/negotiations/:id` (not in the list).
   */
  funding: Type.Optional(Type.Union([Type.Object({ callId: IdSchema, amountKzt: KztSchema }), Type.Null()])),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});
export type Negotiation = Static<typeof NegotiationSchema>;

export const NegotiationListQuerySchema = Type.Object({ mine: Type.Optional(Type.Boolean()), status: Type.Optional(Type.Enum(NEGOTIATION_STATUSES)) });
export const NegotiationListSchema = Type.Object({ items: Type.Array(NegotiationSchema), totalUnread: Type.Integer({ minimum: 0 }) });

export const EVENTS_PAGE_MAX = 500;
export const NegotiationEventsQuerySchema = Type.Object({
  afterSeq: Type.Optional(SeqSchema),
  /** Page backwards through history: events with seq below this, newest page first but each page in seq order. */
  beforeSeq: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SEQ })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: EVENTS_PAGE_MAX })),
});
export type NegotiationEventsQuery = Static<typeof NegotiationEventsQuerySchema>;
export const NegotiationEventsPageSchema = Type.Object({ items: Type.Array(NegotiationEventSchema), lastSeq: SeqSchema, hasMore: Type.Boolean() });
export type NegotiationEventsPage = Static<typeof NegotiationEventsPageSchema>;

// ------------------------------------------------------------------ errors on the socket

/**
 * The `code` of an `error` frame. The REST answers carry the same codes namespaced
 * (`negotiations.stale_version`); `terms.invalid` is shared with the rest of the API and its
 * `details.issues` lists every rule the offer breaks.
 */
export const NEGOTIATION_ERROR_CODES = [
  'bad_json', 'unknown_type', 'invalid_frame', 'frame_too_large', 'rate_limited',
  'not_found', 'forbidden', 'read_only', 'closed', 'stale_version', 'unknown_version', 'already_accepted', 'above_funded_amount', 'client_msg_id_reused', 'terms.invalid', 'internal',
] as const;
export type NegotiationErrorCode = (typeof NEGOTIATION_ERROR_CODES)[number];

/** The per-connection write budget: a token bucket of `burst` writes refilled at `perSecond`. */
export const CLIENT_WRITE_RATE = { perSecond: 20, burst: 60 } as const;
/** Typing notices are relayed at most this often per person and room. */
export const TYPING_THROTTLE_MS = 2000;
/** Close codes besides the standard ones: the session ended (sign-out, expiry, disabled account). */
export const SESSION_ENDED_CLOSE_CODE = 4401;

// ------------------------------------------------------------------ REST mirrors of the write frames (integrations)

const withoutRouting = <T extends Parameters<typeof Type.Omit>[0]>(schema: T) => Type.Omit(schema, ['type', 'negotiationId']);
export const MessageBodySchema = withoutRouting(MessageFrameSchema);
export const OfferBodySchema = withoutRouting(OfferFrameSchema);
export const AcceptBodySchema = withoutRouting(AcceptFrameSchema);
export const WithdrawBodySchema = withoutRouting(WithdrawFrameSchema);
export const ReadBodySchema = Type.Object({ seq: SeqSchema });
/** The ack of a REST write; `created` is false when the clientMsgId was seen before (nothing new was written). */
export const WriteAckSchema = Type.Object({ negotiationId: IdSchema, clientMsgId: ClientMsgIdSchema, seq: Type.Integer({ minimum: 1 }), created: Type.Boolean() });
export type WriteAck = Static<typeof WriteAckSchema>;
export const ReadResultSchema = Type.Object({ unread: Type.Integer({ minimum: 0 }) });
