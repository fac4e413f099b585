import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';

/** WebSocket routes (`{ wsHandler }`); upgrades pass through the normal hooks, so auth applies. */
export const websocketPlugin = fp(
  async (app) => {
    // Clients only listen; a small frame limit keeps a misbehaving one from costing memory.
    await app.register(websocket, { options: { maxPayload: 4 * 1024 } });
  },
  { name: 'websocket' },
);
