import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClerkSnapshot, Snapshot } from '../protocol/views';
import { ROOT, rid, send, TOKENS } from './helpers/hall';

const children: ChildProcess[] = [];

function startChild(dir: string): Promise<{ child: ChildProcess; url: string }> {
  // One process (node with tsx's loader), so SIGKILL lands on the server itself, not on a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/fixtures/hall-child.ts'), dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`hall child exited with ${code}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function terminal(url: string, token: string): Promise<{ socket: Socket; snapshot: Snapshot }> {
  const socket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const snapshot = await new Promise<Snapshot>((resolve, reject) => {
    socket.once('hall:snapshot', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, snapshot };
}

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo1234' }) });
  return ((await res.json()) as { token: string }).token;
}

/** What must survive a crash: the waiting order, the numbers, the calls, the windows. */
function essence(s: ClerkSnapshot) {
  return {
    seq: s.seq,
    queue: s.queue.map((q) => q.ticket.number),
    windows: s.windows.map((w) => [w.id, w.status, w.staffId, w.currentTicket?.number ?? null]),
    calls: s.recentCalls.map((c) => [c.number, c.windowNumber, c.recall]),
    groups: s.groups.map((g) => [g.groupId, g.waiting]),
  };
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('crash and restart (SIGKILL, real child process)', () => {
  it('comes back with the same waiting order, numbers and calls', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yichuang-crash-'));
    try {
      let { child, url } = await startChild(dir);
      const kiosk = (await terminal(url, TOKENS.kiosk)).socket;
      const clerkToken = await login(url, 'zhangwei');
      const clerk = (await terminal(url, clerkToken)).socket;
      const other = (await terminal(url, await login(url, 'lina'))).socket;
      await send(clerk, 'window:signIn', { windowId: 'w01' });
      await send(other, 'window:signIn', { windowId: 'w12' });
      for (let i = 0; i < 12; i++) {
        const services = i % 3 === 0 ? ['svc-company-setup'] : ['svc-sscard'];
        await send(kiosk, 'ticket:take', { serviceIds: services, priority: i % 5 === 0 ? 'elderly' : undefined });
      }
      const a = await send(clerk, 'window:callNext', {});
      await send(clerk, 'ticket:start', { ticketId: a.ticket.id });
      await send(clerk, 'ticket:complete', { ticketId: a.ticket.id, outcome: 'done', serviceIds: ['svc-sscard'] });
      await send(clerk, 'window:callNext', {});
      await send(other, 'window:callNext', {});
      const before = ((await clerk.timeout(5000).emitWithAck('hall:resync', {})) as { snapshot: ClerkSnapshot }).snapshot;
      for (const s of [kiosk, clerk, other]) s.disconnect();
      await killHard(child);

      ({ child, url } = await startChild(dir));
      const after = (await terminal(url, clerkToken)).snapshot as ClerkSnapshot;
      expect(essence(after)).toEqual(essence(before));
      expect(after.current?.number).toBe(before.current?.number);
      // Numbering goes on where it stopped.
      const kiosk2 = (await terminal(url, TOKENS.kiosk)).socket;
      const next = await send(kiosk2, 'ticket:take', { serviceIds: ['svc-sscard'] });
      expect(next.ticket.number).toBe('A009');
      kiosk2.disconnect();
      await killHard(child);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loses no acknowledged ticket and takes none twice when killed in the middle of a burst', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yichuang-crash-'));
    try {
      let { child, url } = await startChild(dir);
      const kiosk = (await terminal(url, TOKENS.kiosk)).socket;
      const requests = Array.from({ length: 1500 }, () => rid());
      const acked = new Map<string, string>();
      const pending: Promise<void>[] = [];
      // A steady stream of takes, as kiosks send them; the kill lands while requests are in flight.
      let killed = false;
      for (let i = 0; i < requests.length && !killed; i += 10) {
        for (const requestId of requests.slice(i, i + 10)) {
          pending.push(
            kiosk
              .timeout(20_000)
              .emitWithAck('ticket:take', { requestId, serviceIds: ['svc-sscard'] })
              .then((r: { ok: boolean; ticket?: { number: string } }) => {
                if (r.ok) acked.set(requestId, r.ticket!.number);
              })
              .catch(() => undefined),
          );
        }
        await new Promise((r) => setTimeout(r, 2));
        if (acked.size >= 200) killed = true;
      }
      await killHard(child);
      await Promise.all(pending);
      kiosk.disconnect();
      expect(acked.size).toBeLessThan(requests.length); // the kill really landed mid-burst

      ({ child, url } = await startChild(dir));
      const kiosk2 = (await terminal(url, TOKENS.kiosk)).socket;
      // The terminal retries every request with its requestId: acked ones answer the same, the rest run once.
      const numbers: string[] = [];
      for (const requestId of requests) {
        const r = await send(kiosk2, 'ticket:take', { requestId, serviceIds: ['svc-sscard'] });
        expect(r.ok).toBe(true);
        if (acked.has(requestId)) expect(r.ticket.number).toBe(acked.get(requestId));
        numbers.push(r.ticket.number);
      }
      expect(new Set(numbers).size).toBe(requests.length);
      // Numbers run without a gap from A001: none lost, none skipped.
      const sorted = numbers.map((n) => Number(n.slice(1))).sort((a, b) => a - b);
      expect(sorted).toEqual(requests.map((_, i) => i + 1));
      kiosk2.disconnect();
      await killHard(child);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Two child starts and 1,500 durable takes: seconds on a quiet machine, far more on a loaded CI box.
  }, 120_000);
});
