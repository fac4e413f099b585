// The floor for `npm run bench:ws`: a bare `ws` broadcast server with no persistence, no auth and no
// validation, speaking just enough of the negotiation protocol (subscribe → subscribed, message → ack
// + event to every member of the room) that the very same client code drives it. Whatever Kopir
// costs above this is the price of committing, authorising and fanning out through the database.
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, { seq: number; members: Set<WebSocket> }>();
const server = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });

server.on('connection', (socket) => {
  const joined = new Set<string>();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    let room = rooms.get(frame.negotiationId);
    if (!room) rooms.set(frame.negotiationId, (room = { seq: 0, members: new Set() }));
    if (frame.type === 'subscribe') {
      room.members.add(socket);
      joined.add(frame.negotiationId);
      socket.send(JSON.stringify({ type: 'subscribed', negotiationId: frame.negotiationId, lastSeq: room.seq }));
    } else if (frame.type === 'message') {
      room.seq += 1;
      socket.send(JSON.stringify({ type: 'ack', negotiationId: frame.negotiationId, clientMsgId: frame.clientMsgId, seq: room.seq }));
      const event = JSON.stringify({
        type: 'event', negotiationId: frame.negotiationId, seq: room.seq, kind: 'message', clientMsgId: frame.clientMsgId,
        authorId: null, payload: { text: frame.text }, createdAt: new Date().toISOString(),
      });
      for (const member of room.members) member.send(event);
    }
  });
  socket.on('close', () => {
    for (const id of joined) rooms.get(id)?.members.delete(socket);
  });
});
server.on('listening', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
