/**
 * The notifier's port: how a text message leaves the hall. The HTTP gateway adapter (`http-gateway.ts`) is
 * the one in use; tests pass fakes. An adapter resolves when the gateway has taken the message and throws
 * a `SendError` otherwise.
 */
export interface SmsMessage {
  /** Stable per outbox row: a gateway that saw it before must not send it twice. */
  id: string;
  phone: string;
  text: string;
}

export interface SmsPort {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}

/** A failed send. `permanent`: retrying cannot help (the gateway refused the message itself). */
export class SendError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'SendError';
  }
}
