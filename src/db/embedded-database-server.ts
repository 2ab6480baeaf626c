import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import type { SessionMutex } from './session-mutex.js';

export interface EmbeddedDatabaseServer {
  readonly host: string;
  readonly port: number;
  /** Clients must send it as their password: the port is reachable by every local user. */
  readonly password: string;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/**
 * Serves an embedded PGlite to other processes over the Postgres wire protocol, on loopback only.
 *
 * PGlite is one session. @electric-sql/pglite-socket queues single protocol messages, so two
 * clients' Parse/Bind/Execute batches interleave and clobber each other's unnamed statement
 * (electric-sql/pglite#1046, open). Here a client holds the same mutex as this process's own
 * queries from its first message until the session is idle again (ReadyForQuery 'I'): a batch or
 * a transaction runs whole, with nothing else between its messages.
 */
export async function serveEmbeddedDatabase(
  pglite: PGlite,
  mutex: SessionMutex,
  options: { readonly idleInTransactionMs?: number } = {},
): Promise<EmbeddedDatabaseServer> {
  const password = randomBytes(24).toString('hex');
  const idleLimitMs = options.idleInTransactionMs ?? 60_000;
  const clients = new Set<ClientSession>();
  const server = createServer((socket) => {
    const session = new ClientSession(socket, pglite, mutex, password, idleLimitMs);
    clients.add(session);
    socket.once('close', () => clients.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    host: address,
    port,
    password,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...clients].map((client) => client.end()));
      await closed;
    },
  };
}

/** One client connection: startup, password, then whole batches under the session mutex. */
class ClientSession {
  private buffer = Buffer.alloc(0);
  private started = false;
  private authenticated = false;
  private startup: Buffer | null = null;
  private holdsSession = false;
  private work: Promise<void> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly pglite: PGlite,
    private readonly mutex: SessionMutex,
    private readonly password: string,
    private readonly idleLimitMs: number,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      clearTimeout(this.idleTimer);
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.work = this.work.then(() => this.drain()).catch(() => void socket.destroy());
    });
    socket.on('error', () => undefined);
    socket.once('close', () => void this.end());
  }

  /** Gives the session back, rolled back if the client left inside a transaction. */
  async end(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.socket.destroy();
    await this.work.catch(() => undefined);
    if (!this.holdsSession) return;
    this.holdsSession = false;
    try {
      // A Sync ends a half-sent batch; then whatever transaction the client left open is undone.
      await this.pglite.runExclusive(() => this.pglite.execProtocolRaw(message('S', Buffer.alloc(0))));
      if (this.pglite.isInTransaction()) await this.pglite.runExclusive(() => this.pglite.execProtocolRaw(message('Q', cString('rollback'))));
    } finally {
      this.mutex.unlock();
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.socket.destroyed) return;
      const next = this.started ? this.takeTyped() : this.takeUntyped();
      if (!next) return;
      await next();
    }
  }

  private takeUntyped(): (() => Promise<void>) | null {
    if (this.buffer.length < 8) return null;
    const length = this.buffer.readInt32BE(0);
    if (this.buffer.length < length) return null;
    const packet = this.take(length);
    const code = packet.readInt32BE(4);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) return async () => void this.socket.write('N');
    if (code === CANCEL_REQUEST || code !== PROTOCOL_3) return async () => void this.socket.destroy();
    this.started = true;
    this.startup = packet;
    // AuthenticationCleartextPassword: loopback only, so the password never leaves the machine.
    return async () => void this.socket.write(message('R', int32(3)));
  }

  private takeTyped(): (() => Promise<void>) | null {
    if (this.buffer.length < 5) return null;
    const length = 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < length) return null;
    const packet = this.take(length);
    const type = String.fromCharCode(packet[0]!);
    if (type === 'X') return async () => void this.socket.end();
    if (!this.authenticated) return async () => this.authenticate(type, packet);
    return () => this.execute(packet);
  }

  private async authenticate(type: string, packet: Buffer): Promise<void> {
    const given = packet.subarray(5, packet.length - 1);
    const expected = Buffer.from(this.password);
    if (type !== 'p' || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      this.socket.end(errorResponse('28P01', 'password authentication failed'));
      return;
    }
    this.authenticated = true;
    // PGlite answers the startup itself: AuthenticationOk, parameters, ReadyForQuery.
    await this.execute(this.startup!);
    this.startup = null;
  }

  private async execute(packet: Buffer): Promise<void> {
    if (!this.holdsSession) {
      await this.mutex.lock();
      this.holdsSession = true;
    }
    const reply = await this.pglite.runExclusive(() => this.pglite.execProtocolRaw(new Uint8Array(packet)));
    if (reply.length > 0 && !this.socket.destroyed) this.socket.write(reply);
    clearTimeout(this.idleTimer);
    if (lastReadyStatus(reply) === 'I') {
      this.holdsSession = false;
      this.mutex.unlock();
    } else {
      // A client stopped inside a transaction (a suspended terminal) must not stall the pipeline.
      this.idleTimer = setTimeout(() => void this.end(), this.idleLimitMs);
    }
  }

  private take(length: number): Buffer {
    const packet = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return packet;
  }
}

/** The transaction status of the last ReadyForQuery in a reply ('I' idle, 'T' in, 'E' failed), if any. */
function lastReadyStatus(reply: Uint8Array): string | null {
  let status: string | null = null;
  const view = Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength);
  for (let at = 0; at + 5 <= view.length; at += 1 + view.readInt32BE(at + 1)) {
    if (view[at] === 0x5a /* Z */ && at + 6 <= view.length) status = String.fromCharCode(view[at + 5]!);
  }
  return status;
}

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function cString(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(1)]);
}

function errorResponse(code: string, text: string): Buffer {
  return message('E', Buffer.concat([Buffer.from('SFATAL\0'), Buffer.from(`C${code}\0`), Buffer.from('M'), cString(text), Buffer.alloc(1)]));
}
