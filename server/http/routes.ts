import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { refused, type ErrorBody, type ErrorCode } from '../../protocol/errors';
import { hashToken, newToken, verifyPassword } from '../auth/secrets';
import type { Hall } from '../hall/hall';
import { ticketStatus, type RosterOpens } from '../hall/views';
import type { Db } from '../store/database';

const SESSION_MS = 12 * 3600_000;
const MAX_FAILURES = 8;
const FAILURE_WINDOW_MS = 10 * 60_000;

export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message?: string): FastifyReply {
  const body: { ok: false; error: ErrorBody } = refused(code, message);
  return reply.code(status).send(body);
}

const loginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });

/** `GET /healthz`, `POST /api/login`, `POST /api/logout`, `GET /api/tickets/:id` (public status). */
export function registerCoreRoutes(app: FastifyInstance, deps: { hall: Hall; db: Db; rosterOpens?: RosterOpens }): void {
  const { hall, db } = deps;
  const failures = new Map<string, { count: number; first: number }>();

  app.get('/healthz', async () => ({ ok: true, seq: hall.seq, businessDate: hall.state.businessDate, dayOpen: hall.state.dayOpen }));

  app.post('/api/login', async (req, reply) => {
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) return sendError(reply, 400, 'BAD_REQUEST', '请输入用户名和密码');
    const { username, password } = parsed.data;
    const now = hall.clock.now();
    const key = `${username}|${req.ip}`;
    const f = failures.get(key);
    if (f && now - f.first < FAILURE_WINDOW_MS && f.count >= MAX_FAILURES) {
      return sendError(reply, 429, 'RATE_LIMITED', '尝试次数过多，请 10 分钟后再试');
    }
    const staff = [...hall.state.catalog.staff.values()].find((s) => s.username === username);
    const cred = staff
      ? (db.prepare('SELECT password_hash FROM credentials WHERE staff_id = ?').get(staff.id) as { password_hash: string } | undefined)
      : undefined;
    if (!staff || !cred || !(await verifyPassword(password, cred.password_hash))) {
      const next = f && now - f.first < FAILURE_WINDOW_MS ? { count: f.count + 1, first: f.first } : { count: 1, first: now };
      failures.set(key, next);
      return sendError(reply, 401, 'BAD_CREDENTIALS');
    }
    failures.delete(key);
    const token = newToken();
    db.prepare('INSERT INTO sessions (token_hash, staff_id, issued_at, expires_at) VALUES (?, ?, ?, ?)').run(hashToken(token), staff.id, now, now + SESSION_MS);
    db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(now);
    return { ok: true, token, staff: { id: staff.id, name: staff.name, role: staff.role, username: staff.username }, expiresAt: now + SESSION_MS };
  });

  app.post('/api/logout', async (req) => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(auth.slice(7)));
    return { ok: true };
  });

  app.get('/api/tickets/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!/^[A-Za-z0-9_-]{6,32}$/.test(id)) return sendError(reply, 400, 'BAD_REQUEST', '号票编号格式不正确');
    const live = hall.state.tickets.get(id);
    if (live) return { ok: true, ticket: ticketStatus(hall.state, live, deps.rosterOpens) };
    // An older ticket: from the read table, final by now.
    const row = db.prepare('SELECT doc FROM tickets WHERE id = ?').get(id) as { doc: string } | undefined;
    if (!row) return sendError(reply, 404, 'UNKNOWN_TICKET', '号票不存在');
    const t = JSON.parse(row.doc);
    return { ok: true, ticket: { ...ticketStatus(hall.state, t), ahead: null, estimatedWaitMinutes: null } };
  });
}
