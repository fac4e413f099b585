// The floors for `npm run bench:ws`: a bare `ws` broadcast server with no auth and no validation,
// speaking just enough of the negotiation protocol (subscribe → subscribed, message → ack + event to
// every member of the room) that the very same client code drives it. Whatever Kopir costs above
// this is the price of committing, authorising and fanning out through the database.
//
// With FLOOR_DATABASE_URL it is the durable floor: the same server, but each message is committed
// to PostgreSQL before it is acknowledged or broadcast, as Kopir must. The messages that arrive
// while one insert is in flight go in the next one (one statement, one commit); seqs are counted in
// memory (one process). No room checks, no credentials, no idempotency, no fan-out to other
// processes: the least any server can do that keeps what it acknowledged.
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';

type Room = { seq: number; members: Set<WebSocket> };
type Frame = { type: string; negotiationId: string; clientMsgId: string; text: string };

const rooms = new Map<string, Room>();
const store = process.env.FLOOR_DATABASE_URL ? await openStore(process.env.FLOOR_DATABASE_URL) : null;
const server = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });

function deliver(socket: WebSocket, room: Room, frame: Frame, seq: number) {
  socket.send(JSON.stringify({ type: 'ack', negotiationId: frame.negotiationId, clientMsgId: frame.clientMsgId, seq }));
  const event = JSON.stringify({
    type: 'event', negotiationId: frame.negotiationId, seq, kind: 'message', clientMsgId: frame.clientMsgId,
    authorId: null, payload: { text: frame.text }, createdAt: new Date().toISOString(),
  });
  for (const member of room.members) member.send(event);
}

server.on('connection', (socket) => {
  const joined = new Set<string>();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    let room = rooms.get(frame.negotiationId);
    if (!room) rooms.set(frame.negotiationId, (room = { seq: 0, members: new Set() }));
    if (frame.type === 'subscribe') {
      room.members.add(socket);
      joined.add(frame.negotiationId);
      socket.send(JSON.stringify({ type: 'subscribed', negotiationId: frame.negotiationId, lastSeq: room.seq }));
    } else if (frame.type === 'message') {
      room.seq += 1;
      if (store) store.write({ socket, room, frame, seq: room.seq });
      else deliver(socket, room, frame, room.seq);
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
process.on('SIGTERM', () => server.close(() => void (store?.close() ?? Promise.resolve()).then(() => process.exit(0))));

async function openStore(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create table if not exists floor_events (
    room text not null, seq int not null, client_msg_id text not null, text text not null, created_at timestamptz not null default now(),
    primary key (room, seq))`);
  type Write = { socket: WebSocket; room: Room; frame: Frame; seq: number };
  let queue: Write[] = [];
  let writing = false;
  async function work() {
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        await client.query({
          name: 'floor_insert',
          text: 'insert into floor_events (room, seq, client_msg_id, text) select * from unnest($1::text[], $2::int[], $3::text[], $4::text[])',
          values: [batch.map((w) => w.frame.negotiationId), batch.map((w) => w.seq), batch.map((w) => w.frame.clientMsgId), batch.map((w) => w.frame.text)],
        });
      } catch (error) {
        // Nothing of the batch is kept, so nothing is acknowledged: the senders hear why and the floor goes on.
        console.error(`floor insert failed: ${(error as Error).message}`);
        for (const w of batch) w.socket.send(JSON.stringify({ type: 'error', code: 'floor_write_failed', message: (error as Error).message, clientMsgId: w.frame.clientMsgId }));
        continue;
      }
      for (const w of batch) deliver(w.socket, w.room, w.frame, w.seq);
    }
    writing = false;
  }
  return {
    write(entry: Write) {
      queue.push(entry);
      if (writing) return;
      writing = true;
      queueMicrotask(() => void work());
    },
    close: () => client.end(),
  };
}
