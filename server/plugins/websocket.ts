import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import { MAX_CLIENT_FRAME_BYTES } from '../../shared/schemas/negotiations.ts';

/**
 * The hard limit of the socket library for every WebSocket route: frames above it close the
 * connection (1009). It sits above the negotiation protocol's own limit, so a frame between the two
 * gets a readable `frame_too_large` error instead. The notifications socket ignores client frames.
 */
export const WEBSOCKET_HARD_MAX_PAYLOAD = MAX_CLIENT_FRAME_BYTES + 64 * 1024;

/** WebSocket routes (`{ wsHandler }`); upgrades pass through the normal hooks, so auth applies. */
export const websocketPlugin = fp(
  async (app) => {
    await app.register(websocket, { options: { maxPayload: WEBSOCKET_HARD_MAX_PAYLOAD } });
  },
  { name: 'websocket' },
);
