import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import type { Appointment } from '../domain/types';
import type { Hall } from '../hall/hall';
import { sendError } from './routes';

const appointmentSchema = z.object({
  code: z.string().trim().min(4).max(32).regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  serviceIds: z.array(z.string().min(1).max(64)).min(1).max(20),
  /** The slot, as ISO instants (with offset) or epoch ms. */
  slotStart: z.union([z.number().int(), z.string().datetime({ offset: true })]),
  slotEnd: z.union([z.number().int(), z.string().datetime({ offset: true })]),
});
const bodySchema = z.object({ appointments: z.array(appointmentSchema).min(1).max(5000) });

/**
 * `POST /api/appointments`: a booking system (or the admin console) hands the hall its appointments.
 * All or nothing: one bad row refuses the whole list, naming the row. Codes already known are kept as
 * they were (a repeated upload is harmless).
 */
export function registerAppointmentRoutes(app: FastifyInstance, deps: { hall: Hall; preHandler: preHandlerHookHandler }): void {
  const { hall } = deps;
  app.post('/api/appointments', { preHandler: deps.preHandler }, async (req, reply) => {
    const parsed = bodySchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return sendError(reply, 400, 'BAD_REQUEST', `${issue.path.join('.')}: ${issue.message}`);
    }
    const { catalog } = hall.state;
    const list: Appointment[] = [];
    for (const [i, a] of parsed.data.appointments.entries()) {
      const unknown = a.serviceIds.find((id) => !catalog.services.has(id));
      if (unknown) return sendError(reply, 400, 'UNKNOWN_SERVICE', `appointments.${i}.serviceIds: 事项 ${unknown} 不存在`);
      const slotStart = typeof a.slotStart === 'number' ? a.slotStart : Date.parse(a.slotStart);
      const slotEnd = typeof a.slotEnd === 'number' ? a.slotEnd : Date.parse(a.slotEnd);
      if (slotEnd <= slotStart) return sendError(reply, 400, 'BAD_REQUEST', `appointments.${i}: 预约结束时间应晚于开始时间`);
      list.push({ code: a.code.toUpperCase(), date: a.date, serviceIds: a.serviceIds, slotStart, slotEnd, usedByTicketId: null });
    }
    const added = hall.store.addAppointments(list);
    // Memory after the commit: only the ones the database took (new codes).
    for (const a of added) hall.state.appointments.set(a.code, a);
    return { ok: true, added: added.length, kept: list.length - added.length };
  });
}
