import { describe, expect, it } from 'vitest';
import { createBridge, installPreload, lockCitizenScreen } from './preload-bridge';
import { CITIZEN_ARG, IPC } from './ipc-channels';

function recorder() {
  const calls: Array<[string, unknown[]]> = [];
  return { calls, ipc: { invoke: async (channel: string, ...args: unknown[]) => (calls.push([channel, args]), `answer:${channel}`) } };
}

function target() {
  const listeners: Array<{ type: string; capture: boolean | undefined; fn: (e: { preventDefault(): void }) => void }> = [];
  return { listeners, addEventListener: (type: string, fn: (e: { preventDefault(): void }) => void, o?: { capture?: boolean }) => listeners.push({ type, capture: o?.capture, fn }) };
}

describe('createBridge', () => {
  it('exposes exactly the four methods and a version, frozen', () => {
    const bridge = createBridge(recorder().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['getDeviceInfo', 'getDeviceToken', 'printTicket', 'printerStatus', 'version']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(bridge.version).toBe(1);
  });

  it('sends each method on its own channel with its arguments', async () => {
    const r = recorder();
    const bridge = createBridge(r.ipc);
    await bridge.getDeviceInfo();
    await bridge.getDeviceToken();
    await bridge.printTicket({ number: 'A001' } as never, { requestId: 't1' });
    await bridge.printerStatus();
    expect(r.calls).toEqual([
      [IPC.getDeviceInfo, []],
      [IPC.getDeviceToken, []],
      [IPC.printTicket, [{ number: 'A001' }, { requestId: 't1' }]],
      [IPC.printerStatus, []],
    ]);
  });
});

describe('installPreload', () => {
  it('puts the bridge on window.yichuang and closes the context menu on a citizen screen', () => {
    const exposed: Record<string, unknown> = {};
    const t = target();
    installPreload({ exposeInMainWorld: (k, v) => (exposed[k] = v), ipc: recorder().ipc, argv: ['/opt/Yichuang/yichuang', CITIZEN_ARG], window: t });
    expect(Object.keys(exposed)).toEqual(['yichuang']);
    expect(t.listeners.map((l) => [l.type, l.capture])).toEqual([
      ['contextmenu', true],
      ['dragstart', true],
      ['drop', true],
    ]);
  });

  it('leaves the clerk its context menu', () => {
    const t = target();
    installPreload({ exposeInMainWorld: () => {}, ipc: recorder().ipc, argv: ['/opt/Yichuang/yichuang'], window: t });
    expect(t.listeners).toEqual([]);
  });

  it('cancels the context menu event', () => {
    const t = target();
    lockCitizenScreen(t);
    let prevented = false;
    t.listeners.find((l) => l.type === 'contextmenu')?.fn({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});
