import { z } from 'zod';

/**
 * The clerk at a window as its window screen and evaluation pad show them (亮证亮岗), from
 * `GET /api/windows/:id/clerk`: name, 工号, photo, today's 满意率.
 */
const clerkCardSchema = z.object({
  staffId: z.string(),
  name: z.string(),
  employeeNo: z.string(),
  /** A versioned address of the photo (it changes when the photo does), or null without one. */
  photoUrl: z.string().nullable(),
  /** Today's ratings of this clerk's cases, at any window. */
  evaluations: z.number().int().nonnegative(),
  /** Share of today's ratings that were 基本满意 or better, percent with one decimal; null before the first. */
  satisfactionRate: z.number().min(0).max(100).nullable(),
});
export type ClerkCard = z.infer<typeof clerkCardSchema>;

/** The route's answer: null when nobody is signed in at the window. */
export const clerkCardAnswerSchema = z.object({ ok: z.literal(true), clerk: clerkCardSchema.nullable() });
