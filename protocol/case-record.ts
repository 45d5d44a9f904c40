import { z } from 'zod';

/**
 * A case record (办件) as it leaves the hall for the district cloud. Built in the same transaction that
 * completes the ticket; personal data only masked. docs/cloud-api.md documents it with a JSON Schema.
 */
export const caseRecordSchema = z.object({
  caseId: z.string().min(1).max(40),
  hallId: z.string().min(1).max(64),
  hallCode: z.string().min(1).max(20),
  businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  ticketId: z.string().min(1).max(64),
  ticketNumber: z.string().min(2).max(8),
  groupId: z.string().regex(/^[A-Z]$/),
  windowId: z.string().min(1).max(64),
  windowNumber: z.number().int().positive(),
  staffId: z.string().min(1).max(64),
  serviceIds: z.array(z.string().min(1).max(64)).min(1),
  serviceCodes: z.array(z.string().min(1).max(40)).min(1),
  serviceNames: z.array(z.string().min(1).max(60)).min(1),
  bundleId: z.string().max(64).nullable(),
  bundleName: z.string().max(40).nullable(),
  outcome: z.enum(['done', 'accepted', 'correction', 'rejected']),
  priority: z.enum(['none', 'elderly', 'disabled', 'military', 'pregnant', 'appointment']),
  takenAt: z.string().datetime({ offset: true }),
  calledAt: z.string().datetime({ offset: true }),
  startedAt: z.string().datetime({ offset: true }).nullable(),
  completedAt: z.string().datetime({ offset: true }),
  waitMinutes: z.number().min(0),
  handlingMinutes: z.number().min(0),
  transfers: z.number().int().min(0),
  /** `3301**********1234`; `330102********1234` from halls before the district was hidden too. */
  applicantIdMasked: z.string().regex(/^(\d{4}\*{10}|\d{6}\*{8})[\dX]{4}$/).nullable(),
  applicantPhoneMasked: z.string().regex(/^1\d{2}\*{4}\d{4}$/).nullable(),
  evaluation: z
    .object({
      level: z.number().int().min(1).max(5),
      comment: z.string().max(500),
      at: z.string().datetime({ offset: true }),
      isDefault: z.boolean(),
    })
    .nullable(),
});
export type CaseRecord = z.infer<typeof caseRecordSchema>;

/** An evaluation that arrives after its case was sent goes up as an update to that case. */
export const caseEvaluationUpdateSchema = z.object({
  caseId: z.string().min(1).max(40),
  hallId: z.string().min(1).max(64),
  evaluation: z.object({
    level: z.number().int().min(1).max(5),
    comment: z.string().max(500),
    at: z.string().datetime({ offset: true }),
    isDefault: z.boolean(),
  }),
});
export type CaseEvaluationUpdate = z.infer<typeof caseEvaluationUpdateSchema>;
