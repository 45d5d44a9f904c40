import type { Projected } from '../store/hall-store';
import { toDetail, windowView } from '../hall/views';
import { onCommand } from './command';
import type { HallSocket, RealtimeDeps } from './context';
import { clerkWindow } from './ticket-handlers';

function windowAfter(projected: Projected, deps: RealtimeDeps, windowId: string) {
  const w = projected.windows.get(windowId) ?? deps.hall.state.windows.get(windowId)!;
  return windowView(deps.hall.state, w);
}

export function registerWindowHandlers(socket: HallSocket, deps: RealtimeDeps): void {
  onCommand(socket, deps, 'window:signIn', (p, identity, d) => ({
    // Only a manager may sign in outside the roster.
    command: { type: 'window.signIn', windowId: p.windowId, staffId: identity.staffId!, override: identity.role === 'admin' && !!p.override },
    respond: (projected) => {
      const w = projected.windows.get(p.windowId) ?? d.hall.state.windows.get(p.windowId);
      return { window: w ? { ...windowView(d.hall.state, w), staffName: identity.name, staffId: identity.staffId! } : null };
    },
  }));

  onCommand(socket, deps, 'window:signOut', (_p, identity, d) => {
    const w = clerkWindow(identity, d);
    if ('error' in w) return w;
    return { command: { type: 'window.signOut', ...w }, respond: (projected) => ({ window: windowAfter(projected, d, w.windowId) }) };
  });

  onCommand(socket, deps, 'window:pause', (p, identity, d) => {
    const w = clerkWindow(identity, d);
    if ('error' in w) return w;
    return { command: { type: 'window.pause', ...w, reason: p.reason }, respond: (projected) => ({ window: windowAfter(projected, d, w.windowId) }) };
  });

  onCommand(socket, deps, 'window:resume', (_p, identity, d) => {
    const w = clerkWindow(identity, d);
    if ('error' in w) return w;
    return { command: { type: 'window.resume', ...w }, respond: (projected) => ({ window: windowAfter(projected, d, w.windowId) }) };
  });

  onCommand(socket, deps, 'window:callNext', (_p, identity, d) => {
    const w = clerkWindow(identity, d);
    if ('error' in w) return w;
    return {
      command: { type: 'window.callNext', ...w },
      respond: (projected, events) => {
        const called = events.find((e) => e.type === 'TicketCalled');
        if (!called) return { ticket: null, reason: null };
        const t = projected.tickets.get(called.ticketId) ?? d.hall.state.tickets.get(called.ticketId)!;
        return { ticket: toDetail(t), reason: called.reason };
      },
    };
  });

  onCommand(socket, deps, 'window:callTicket', (p, identity, d) => {
    const w = clerkWindow(identity, d);
    if ('error' in w) return w;
    return {
      command: { type: 'window.callTicket', ...w, ticketId: p.ticketId, reason: p.reason, note: p.note },
      respond: (projected, events) => {
        const called = events.find((e) => e.type === 'TicketCalled')!;
        const t = projected.tickets.get(called.ticketId) ?? d.hall.state.tickets.get(called.ticketId)!;
        return { ticket: toDetail(t), reason: called.reason };
      },
    };
  });
}
