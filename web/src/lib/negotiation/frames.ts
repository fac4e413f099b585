// The protocol's frame types, derived from the shared schemas (never re-declared by hand).
// Relative import rather than `$shared`: this code also runs under plain Node (tests, benchmark).
import type { Static } from 'typebox';
import type {
  AckFrameSchema, ErrorFrameSchema, PresenceFrameSchema, ServerFrame, SubscribedFrameSchema, TypingNoticeFrameSchema,
} from '../../../../shared/schemas/negotiations.ts';

export type { ClientFrame, ClientWriteFrame, NegotiationEvent, ServerFrame } from '../../../../shared/schemas/negotiations.ts';
export type AckFrame = Static<typeof AckFrameSchema>;
export type ErrorFrame = Static<typeof ErrorFrameSchema>;
export type PresenceFrame = Static<typeof PresenceFrameSchema>;
export type TypingNoticeFrame = Static<typeof TypingNoticeFrameSchema>;
export type SubscribedFrame = Static<typeof SubscribedFrameSchema>;
export type EventFrame = Extract<ServerFrame, { type: 'event' }>;
