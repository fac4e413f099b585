import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { closeObjectSchemas } from '../../plugins/validation.ts';
import { findUnsafeInput } from '../../input-safety.ts';
import {
  AcceptFrameSchema, MAX_CLIENT_FRAME_BYTES, MessageFrameSchema, OfferFrameSchema, ReadFrameSchema, SubscribeFrameSchema, TypingFrameSchema,
  UnsubscribeFrameSchema, WithdrawFrameSchema, type ClientFrame, type NegotiationErrorCode,
} from '../../../shared/schemas/negotiations.ts';

// ajv-formats is CommonJS: under ESM its function arrives as the module's `default`.
const addFormats = formatsModule.default;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

/** One compiled check per frame type; frames are closed like REST bodies (an unknown field is an error). */
const VALIDATORS: Record<ClientFrame['type'], ValidateFunction> = Object.fromEntries(
  Object.entries({
    subscribe: SubscribeFrameSchema, unsubscribe: UnsubscribeFrameSchema, message: MessageFrameSchema, offer: OfferFrameSchema,
    accept: AcceptFrameSchema, withdraw: WithdrawFrameSchema, typing: TypingFrameSchema, read: ReadFrameSchema,
  }).map(([type, schema]) => [type, ajv.compile(closeObjectSchemas(schema) as object)]),
) as Record<ClientFrame['type'], ValidateFunction>;

export const CLIENT_FRAME_TYPES = Object.keys(VALIDATORS);

export interface FrameProblem {
  code: NegotiationErrorCode;
  message: string;
  clientMsgId?: string;
  negotiationId?: string;
  details?: unknown;
}

/** Reads one client frame, or names exactly what is wrong with it (never throws). */
export function parseClientFrame(data: Buffer | string): { frame: ClientFrame } | { problem: FrameProblem } {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size > MAX_CLIENT_FRAME_BYTES) {
    return { problem: { code: 'frame_too_large', message: `The frame is ${size} bytes; the limit is ${MAX_CLIENT_FRAME_BYTES}.`, details: { limit: MAX_CLIENT_FRAME_BYTES } } };
  }
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch (error) {
    return { problem: { code: 'bad_json', message: `The frame is not valid JSON: ${(error as Error).message}` } };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problem: { code: 'invalid_frame', message: 'A frame is a JSON object with a "type".' } };
  const record = value as Record<string, unknown>;
  // Echo the ids back when they are readable, so a client can match the error to what it sent.
  const echo = {
    ...(typeof record.clientMsgId === 'string' ? { clientMsgId: record.clientMsgId } : {}),
    ...(typeof record.negotiationId === 'string' ? { negotiationId: record.negotiationId } : {}),
  };
  if (typeof record.type !== 'string' || !(record.type in VALIDATORS)) {
    return { problem: { code: 'unknown_type', message: `Unknown frame type ${JSON.stringify(record.type ?? null)}; expected one of ${CLIENT_FRAME_TYPES.join(', ')}.`, ...echo } };
  }
  const validate = VALIDATORS[record.type as ClientFrame['type']];
  if (!validate(value)) {
    const issues = (validate.errors ?? []).map((error) => {
      const extra = (error.params as { additionalProperty?: string }).additionalProperty;
      const missing = (error.params as { missingProperty?: string }).missingProperty;
      const path = `${error.instancePath}${extra ? `/${extra}` : missing ? `/${missing}` : ''}` || '/';
      return { path, message: extra ? 'is not a field of this frame' : (error.message ?? 'is invalid') };
    });
    return { problem: { code: 'invalid_frame', message: `Invalid ${record.type} frame: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`, details: { issues }, ...echo } };
  }
  const unsafe = findUnsafeInput(value);
  if (unsafe) {
    return { problem: { code: 'invalid_frame', message: `Invalid ${record.type} frame: ${unsafe.path} is not valid text.`, details: { issues: [{ path: unsafe.path, message: 'is not valid text' }] }, ...echo } };
  }
  return { frame: value as ClientFrame };
}
