import { describe, expect, it } from 'vitest';
import { displaySnapshot, ticketDetail, windowView, NOW } from '../testing/fixtures';
import { applyCall, applyHallEvent, viewFromSnapshot } from './hall-projection';

const call = (over = {}) => ({ ticketId: 't1', number: 'A023', windowId: 'w05', windowNumber: 5, windowName: '5号综合窗口', at: NOW, recall: false, ...over });

describe('hall projection', () => {
  it('puts a called ticket on its window and first in the recent calls', () => {
    const v = applyCall(viewFromSnapshot(displaySnapshot()), call());
    expect(v.windows[0]!.currentTicket).toMatchObject({ id: 't1', number: 'A023', state: 'called' });
    expect(v.recentCalls.map((c) => c.number)).toEqual(['A023']);
  });

  it('does not list the same call twice', () => {
    let v = viewFromSnapshot(displaySnapshot());
    v = applyCall(v, call());
    v = applyCall(v, call());
    v = applyCall(v, call({ at: NOW + 20_000, recall: true }));
    expect(v.recentCalls).toHaveLength(2);
  });

  it('marks the ticket served on start and clears the window when it is done', () => {
    let v = applyCall(viewFromSnapshot(displaySnapshot()), call());
    v = applyHallEvent(v, { type: 'TicketStarted', at: NOW, ticketId: 't1', windowId: 'w05' }).view;
    expect(v.windows[0]!.currentTicket?.state).toBe('serving');
    v = applyHallEvent(v, { type: 'TicketCompleted', at: NOW, ticketId: 't1', windowId: 'w05', staffId: 's', outcome: 'done', serviceIds: ['svc-1'], cases: [] }).view;
    expect(v.windows[0]!.currentTicket).toBeNull();
  });

  it('follows a window pausing, resuming and signing out', () => {
    let v = viewFromSnapshot(displaySnapshot({ windows: [windowView()] }));
    v = applyHallEvent(v, { type: 'WindowPaused', at: NOW, windowId: 'w05', reason: 'lunch' }).view;
    expect(v.windows[0]).toMatchObject({ status: 'paused', pauseReason: 'lunch' });
    v = applyHallEvent(v, { type: 'WindowResumed', at: NOW, windowId: 'w05' }).view;
    expect(v.windows[0]).toMatchObject({ status: 'open', pauseReason: null });
    v = applyHallEvent(v, { type: 'WindowSignedOut', at: NOW, windowId: 'w05', staffId: 's' }).view;
    expect(v.windows[0]).toMatchObject({ status: 'closed', staffName: null });
  });

  it('asks for a snapshot for what it cannot fold alone', () => {
    const v = viewFromSnapshot(displaySnapshot());
    expect(applyHallEvent(v, { type: 'WindowSignedIn', at: NOW, windowId: 'w05', staffId: 's', override: false }).resync).toBe(true);
    expect(applyHallEvent(v, { type: 'DayOpened', at: NOW, businessDate: '2026-11-25' }).resync).toBe(true);
    expect(applyHallEvent(v, { type: 'TicketTaken', at: NOW, ticket: ticketDetail() }).resync).toBe(false);
  });
});
