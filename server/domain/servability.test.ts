import { describe, expect, it } from 'vitest';
import { servability, servableWhen } from './servability';
import { DomainRunner } from './test-support';

describe('servability (who can serve a ticket now)', () => {
  it('is not servable now when no window that can serve it has a clerk', () => {
    const r = new DomainRunner();
    r.open();
    r.signIn('w01');
    // 企业开办 (group B): comprehensive windows do not serve company matters.
    const s = servability(r.state, { groupId: 'B', serviceIds: ['svc-company-setup'] });
    expect(s.now).toBe(false);
    expect(s.staffed).toEqual([]);
    expect(s.capable.length).toBeGreaterThan(0);
    expect(s.capable).not.toContain('w01');
  });

  it('counts a paused window as staffed and a signed-out one as not', () => {
    const r = new DomainRunner();
    r.open();
    r.signIn('w01');
    const need = { groupId: 'A', serviceIds: ['svc-sscard'] };
    expect(servability(r.state, need)).toMatchObject({ now: true, staffed: ['w01'] });
    r.ok({ type: 'window.pause', windowId: 'w01', staffId: r.staffOf('w01'), reason: 'lunch' });
    expect(servability(r.state, need).now).toBe(true);
    r.ok({ type: 'window.signOut', windowId: 'w01', staffId: r.staffOf('w01') });
    expect(servability(r.state, need)).toMatchObject({ now: false, staffed: [] });
  });

  it('asks only the named window for a ticket transferred to it', () => {
    const r = new DomainRunner();
    r.open();
    r.signIn('w01');
    const need = { groupId: 'A', serviceIds: ['svc-sscard'], targetWindowId: 'w02' };
    expect(servability(r.state, need)).toEqual({ now: false, capable: ['w02'], staffed: [] });
    r.signIn('w02');
    expect(servability(r.state, need)).toEqual({ now: true, capable: ['w02'], staffed: ['w02'] });
  });
});

describe('servableWhen (the one answer: now, or from when)', () => {
  it('asks the roster only when nobody can serve now, and only about the windows that could', () => {
    const r = new DomainRunner();
    r.open();
    r.signIn('w01');
    const asked: (readonly string[])[] = [];
    const opens = (ids: readonly string[]) => (asked.push(ids), 42);
    expect(servableWhen(r.state, { groupId: 'A', serviceIds: ['svc-sscard'] }, opens)).toMatchObject({ now: true, from: null });
    expect(asked).toEqual([]);
    expect(servableWhen(r.state, { groupId: 'D', serviceIds: ['svc-project-filing'] }, opens)).toMatchObject({ now: false, from: 42, capable: ['w15'] });
    expect(asked).toEqual([['w15']]);
    expect(servableWhen(r.state, { groupId: 'D', serviceIds: ['svc-project-filing'] })).toMatchObject({ now: false, from: null });
  });
});
