/**
 * One TCP connection to a network printer (raw port 9100) for one job: connect, ask, send, read
 * answers, each within a bound. Written here rather than through node-thermal-printer's network
 * interface, which opens a new connection per `execute()` and hands back only the first data chunk,
 * so a status exchange with several answer bytes and a bound on each step does not fit it.
 */
import net from 'node:net';

/** Why the link could not be used. */
export class LinkError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

/** A connected printer socket that collects whatever the printer answers. */
export class TcpLink {
  private received = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private closedWith: LinkError | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.waiter?.();
    });
    const onClose = (err?: Error) => {
      this.closedWith ??= new LinkError('closed', err?.message ?? 'printer closed the connection');
      this.waiter?.();
    };
    socket.on('error', onClose);
    socket.on('close', () => onClose());
  }

  /** Connects within `timeoutMs`; rejects with a LinkError of kind `unreachable`. */
  static connect(host: string, port: number, timeoutMs: number): Promise<TcpLink> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new LinkError('unreachable', `no connection to ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new LinkError('unreachable', err.message));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new TcpLink(socket));
      });
    });
  }

  /** Writes bytes; resolves once they are handed to the kernel (which says nothing about printing). */
  write(bytes: Buffer): Promise<void> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (err) => (err ? reject(new LinkError('closed', err.message)) : resolve()));
    });
  }

  /**
   * Waits until `end(received)` reports a complete answer (its length, or 0 for "not yet"), consumes
   * it and returns it; null when the bound passes or the printer hangs up first.
   */
  read(end: (received: Buffer) => number, timeoutMs: number): Promise<Buffer | null> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        const n = end(this.received);
        if (n > 0) {
          const answer = this.received.subarray(0, n);
          this.received = this.received.subarray(n);
          finish(answer);
        } else if (this.closedWith) finish(null);
      };
      const finish = (answer: Buffer | null) => {
        clearTimeout(timer);
        this.waiter = null;
        resolve(answer);
      };
      timer = setTimeout(() => finish(null), timeoutMs);
      this.waiter = check;
      check();
    });
  }

  /** Closes the connection without waiting (bytes already written still go out). */
  close(): void {
    this.waiter = null;
    this.socket.end();
    // A printer that never reads would keep the socket half-open; do not let it hold the process.
    this.socket.unref();
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }
}
