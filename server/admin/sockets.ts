import type { HallIo, Identity } from '../hall/io';

/** Disconnects the sockets whose identity matches (a revoked device, a deleted staff member). */
export function disconnectWhere(io: HallIo, match: (identity: Identity) => boolean): void {
  for (const socket of io.of('/').sockets.values()) {
    const identity = socket.data?.identity;
    if (identity && match(identity)) socket.disconnect(true);
  }
}
