import { Adapter, SessionAwareAdapter, type BroadcastOptions } from 'socket.io-adapter';
import type { PushName } from '../../protocol/pushes';

/**
 * The pushes a terminal back within the recovery window gets replayed: the calls it missed, so a hall
 * display that dropped for a few seconds still announces them (the display announces a call up to a
 * minute old). Everything else is state that the snapshot sent on every (re)connection replaces: the feed
 * (`hall:event`, whose replays the terminal drops as older than the snapshot), the clerk's queue, the
 * counts, the status.
 */
const REPLAYED: ReadonlySet<string> = new Set<PushName>(['call']);

/**
 * socket.io's in-memory adapter for connection-state recovery, keeping only the calls. The stock one keeps
 * every broadcast packet (and with it every payload object) for the whole recovery window: on a busy
 * morning that is every ticket of the last minutes twice over (the public and the staff copy of the
 * feed), the largest part of the hall server's heap. A client's recovery offset is the id of the last
 * kept packet it saw, so a recovered terminal is sent the calls after it, as before.
 */
export class CallsRecoveryAdapter extends SessionAwareAdapter {
  // socket.io-adapter types the packet as `any`; its `data` is [event name, ...arguments].
  override broadcast(packet: { data?: unknown[] }, opts: BroadcastOptions): void {
    const event = packet.data?.[0];
    if (typeof event === 'string' && REPLAYED.has(event)) super.broadcast(packet, opts);
    // The plain adapter's broadcast: the packet is sent the same way, only not kept.
    else Adapter.prototype.broadcast.call(this, packet, opts);
  }
}
