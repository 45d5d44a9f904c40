import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { CommandName, CommandPayload } from '../../../protocol/commands';
import type { Role } from '../../../protocol/commands';
import type { Snapshot } from '../../../protocol/views';
import { CLIENT_ERRORS } from '../i18n';
import type { CommandAck, ConnectionState, HallClient } from '../socket/hall-client';
import { useHallStore } from './hall';

/**
 * The link to the hall server: its state ("正在重新连接…" while it is down, when every action is
 * refused), the server's clock, and the one door through which stores give commands.
 */
export const useConnectionStore = defineStore('connection', () => {
  const client = shallowRef<HallClient | null>(null);
  const status = ref<ConnectionState>('connecting');
  const role = ref<Role | null>(null);
  /** server time − local time, from the last snapshot. */
  const clockOffset = ref(0);
  const snapshots = ref(0);

  const canAct = computed(() => status.value === 'online');
  const reconnecting = computed(() => status.value === 'reconnecting' || (status.value === 'connecting' && snapshots.value > 0));

  /** Subscribes this store and the hall store to a client. Call before `client.connect()`. */
  function bind(c: HallClient): void {
    client.value = markRaw(c);
    status.value = c.state;
    snapshots.value = 0;
    const hall = useHallStore();
    c.on('state', (s) => {
      status.value = s;
    });
    c.on('snapshot', (s: Snapshot) => {
      clockOffset.value = s.now - Date.now();
      role.value = s.role;
      snapshots.value++;
      hall.applySnapshot(s);
    });
    c.on('event', (push) => {
      if (hall.applyEvent(push.event)) void c.resync();
    });
    c.on('call', (call) => hall.applyCall(call));
    c.on('counts', (counts) => hall.applyCounts(counts.groups));
    c.on('status', (next) => hall.applyStatus(next));
    c.on('alert', (alert) => hall.applyAlert(alert));
  }

  /** The server's time now (the terminal's clock corrected by the last snapshot). */
  function serverNow(): number {
    return Date.now() + clockOffset.value;
  }

  /** Gives a command; refused at once while offline. */
  async function send<C extends CommandName>(name: C, payload: Omit<CommandPayload<C>, 'requestId'>, opts?: { requestId?: string }): Promise<CommandAck<C>> {
    if (!client.value) return { ok: false, error: { code: 'OFFLINE', message: CLIENT_ERRORS.OFFLINE } };
    return client.value.send(name, payload, opts);
  }

  function resync(): Promise<void> {
    return client.value ? client.value.resync() : Promise.resolve();
  }

  return { client, status, role, clockOffset, snapshots, canAct, reconnecting, bind, serverNow, send, resync };
});
