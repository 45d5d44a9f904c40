import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StaffRole } from '../../protocol/catalog';
import { hashPassword, hashToken, newToken, verifyPassword } from '../auth/secrets';
import type { Hall } from '../hall/hall';
import { staffForSession } from '../realtime/auth';
import type { Db } from '../store/database';
import { LoginThrottle } from './login-throttle';
import { sendError } from './routes';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, set by `requireStaff`. */
    staff?: { id: string; name: string; role: StaffRole };
  }
}

/**
 * A preHandler for REST routes behind a staff session (`Authorization: Bearer <token from /api/login>`).
 * `roles` lists who may pass; the admin console's routes use ['admin'].
 */
export function requireStaff(deps: { db: Db; hall: Hall }, roles: StaffRole[]) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const token = bearerOf(req);
    const staffId = token ? staffForSession(deps.db, token, deps.hall.clock.now()) : null;
    const staff = staffId ? deps.hall.state.catalog.staff.get(staffId) : undefined;
    if (!staff) return sendError(reply, 401, 'UNAUTHENTICATED', '未登录或登录已过期');
    if (!roles.includes(staff.role)) return sendError(reply, 403, 'FORBIDDEN');
    req.staff = { id: staff.id, name: staff.name, role: staff.role };
  };
}

const SESSION_MS = 12 * 3600_000;

const loginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });

export interface LoginDeps {
  hall: Hall;
  db: Db;
  /** Attempts per username and per address (the default: 8 and 30 in 10 minutes). */
  throttle?: LoginThrottle;
  /** The password check; tests count its calls. */
  verifyPassword?: (password: string, stored: string) => Promise<boolean>;
  /** A session ended by `/api/logout`: its sockets are closed at once. */
  onSessionEnded?: (tokenHash: string) => void;
}

/**
 * `POST /api/login` and `POST /api/logout`.
 *
 * Every attempt that passes the throttle computes one password hash, also for a username that does not
 * exist (against a stand-in hash of the same cost): the answer takes as long either way, so usernames
 * cannot be told apart by timing.
 */
export function registerLoginRoutes(app: FastifyInstance, deps: LoginDeps): void {
  const { hall, db } = deps;
  const throttle = deps.throttle ?? new LoginThrottle();
  const verify = deps.verifyPassword ?? verifyPassword;
  let standIn: Promise<string> | null = null;
  const standInHash = () => (standIn ??= standInHashFor(db));

  app.post('/api/login', async (req, reply) => {
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) return sendError(reply, 400, 'BAD_REQUEST', '请输入用户名和密码');
    const { username, password } = parsed.data;
    const now = hall.clock.now();
    // Reserved before any await: parallel guesses are counted before the first one is hashed.
    if (!throttle.reserve(username, req.ip, now)) return sendError(reply, 429, 'RATE_LIMITED', '尝试次数过多，请 10 分钟后再试');
    const staff = [...hall.state.catalog.staff.values()].find((s) => s.username === username);
    const cred = staff
      ? (db.prepare('SELECT password_hash FROM credentials WHERE staff_id = ?').get(staff.id) as { password_hash: string } | undefined)
      : undefined;
    const matches = await verify(password, cred?.password_hash ?? (await standInHash()));
    if (!staff || !cred || !matches) return sendError(reply, 401, 'BAD_CREDENTIALS');
    throttle.succeeded(username, req.ip);
    const token = newToken();
    db.prepare('INSERT INTO sessions (token_hash, staff_id, issued_at, expires_at) VALUES (?, ?, ?, ?)').run(hashToken(token), staff.id, now, now + SESSION_MS);
    db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(now);
    return { ok: true, token, staff: { id: staff.id, name: staff.name, role: staff.role, username: staff.username }, expiresAt: now + SESSION_MS };
  });

  app.post('/api/logout', async (req) => {
    const token = bearerOf(req);
    if (token) {
      const hash = hashToken(token);
      db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hash);
      deps.onSessionEnded?.(hash);
    }
    return { ok: true };
  });
}

function bearerOf(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
}

/**
 * A hash of a random password at the cost the hall's stored hashes use, checked in place of a missing
 * one so that an unknown username costs the same work as a known one.
 */
async function standInHashFor(db: Db): Promise<string> {
  const row = db.prepare('SELECT password_hash FROM credentials LIMIT 1').get() as { password_hash: string } | undefined;
  const cost = Number(row?.password_hash.split('$')[1]);
  return hashPassword(newToken(), Number.isInteger(cost) && cost > 1 ? cost : undefined);
}
