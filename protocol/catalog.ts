import { z } from 'zod';

/**
 * The hall's catalogue and set-up: matters (事项) with the eight unified fields (八统一), 一件事 bundles,
 * queue groups, windows, staff and devices. Seeds, the admin console and the terminals share these schemas.
 */

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'ids are lower-case letters, digits and dashes');

export const serviceCategorySchema = z.enum(['personal', 'company', 'investment', 'general']);
export type ServiceCategory = z.infer<typeof serviceCategorySchema>;

/** The kinds of queue a hall keeps: the pooled intake queue and its short queues of its own. */
export const queueKindSchema = z.enum(['intake', 'pickup', 'consult', 'instant', 'unresolved']);

export const queueGroupSchema = z.object({
  id: z.string().regex(/^[A-Z]$/, 'a queue group is one capital letter'),
  name: z.string().min(1).max(20),
  kind: queueKindSchema,
  /** Comprehensive windows (无差别全科受理) serve every matter of a pooled group. */
  pooled: z.boolean(),
  numberDigits: z.number().int().min(2).max(4).default(3),
});
export type QueueGroup = z.infer<typeof queueGroupSchema>;

export const materialSchema = z.object({
  name: z.string().min(1).max(100),
  form: z.enum(['原件', '复印件', '原件和复印件', '电子证照']).default('原件'),
  copies: z.number().int().min(0).max(20).default(1),
  note: z.string().max(200).optional(),
});
export type Material = z.infer<typeof materialSchema>;

/** A matter (事项) with the eight unified fields (八统一). */
export const serviceSchema = z.object({
  id,
  code: z.string().min(1).max(40),
  /** 主项名称 */
  name: z.string().min(1).max(60),
  /** 子项名称 */
  subName: z.string().max(60).default(''),
  category: serviceCategorySchema,
  groupId: z.string().regex(/^[A-Z]$/),
  department: z.string().min(1).max(40),
  /** 设定依据 */
  legalBasis: z.string().min(1).max(500),
  /** 申请材料 */
  materials: z.array(materialSchema).min(1).max(40),
  /** 办理流程（对外） */
  citizenProcess: z.string().min(1).max(500),
  /** 内部流程（后台） */
  backOfficeProcess: z.string().min(1).max(500),
  /** 承诺时限，工作日；0 = 即办 */
  timeLimitDays: z.number().int().min(0).max(365),
  /** 表单内容 */
  formContents: z.string().min(1).max(500),
  /** Typical minutes at the window, before the day has figures of its own. */
  avgMinutes: z.number().min(1).max(240).default(10),
  /** Tickets a day for this matter; absent = no cap. */
  dailyCap: z.number().int().positive().optional(),
  /** Share of the daily cap kept for appointments (0..1). */
  appointmentShare: z.number().min(0).max(1).default(0),
  keywords: z.array(z.string().max(20)).max(20).default([]),
});
export type Service = z.infer<typeof serviceSchema>;

/** 一件事: one life event, one ticket, one window, one case that lists every matter. */
export const bundleSchema = z.object({
  id,
  name: z.string().min(1).max(40),
  lifeEvent: z.string().min(1).max(40),
  description: z.string().max(300).default(''),
  groupId: z.string().regex(/^[A-Z]$/),
  serviceIds: z.array(id).min(2).max(30),
  avgMinutes: z.number().min(1).max(480).default(30),
});
export type Bundle = z.infer<typeof bundleSchema>;

export const windowSchema = z.object({
  id,
  number: z.number().int().min(1).max(999),
  name: z.string().min(1).max(30),
  /** 综合窗口: serves every matter of every pooled group. */
  comprehensive: z.boolean(),
  /** Skills beyond (or instead of) the pooled groups: matters of specialised queues. */
  serviceIds: z.array(id).max(500).default([]),
  /** Whole groups this window serves (for pick-up, consultation, 马上办, 办不成事 windows). */
  groupIds: z.array(z.string().regex(/^[A-Z]$/)).max(26).default([]),
  area: z.string().max(30).default(''),
});
export type HallWindow = z.infer<typeof windowSchema>;

export const staffRoleSchema = z.enum(['clerk', 'admin']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const staffSchema = z.object({
  id,
  username: z.string().regex(/^[a-z0-9_.-]{2,32}$/),
  name: z.string().min(1).max(20),
  role: staffRoleSchema,
  employeeNo: z.string().max(20).default(''),
});
export type Staff = z.infer<typeof staffSchema>;

export const deviceKindSchema = z.enum(['kiosk', 'display', 'eval']);

export const deviceSchema = z.object({
  id,
  kind: deviceKindSchema,
  name: z.string().min(1).max(40),
  /** Evaluation pads and window screens are bound to a window. */
  windowId: id.optional(),
  /** A kiosk's ticket printer: a network printer the hall server prints itself, or one attached to the kiosk. */
  printer: z
    .object({
      uri: z.string().min(1).max(200),
      type: z.enum(['epson', 'star']).default('epson'),
      paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(80),
      attached: z.boolean().default(false),
    })
    .optional(),
});
export type Device = z.infer<typeof deviceSchema>;

export const priorityClassSchema = z.enum(['none', 'elderly', 'disabled', 'military', 'pregnant', 'appointment']);
export type PriorityClass = z.infer<typeof priorityClassSchema>;

export const PRIORITY_LABELS: Record<PriorityClass, string> = {
  none: '普通',
  elderly: '老年人',
  disabled: '残疾人',
  military: '军人',
  pregnant: '孕妇',
  appointment: '预约',
};

/** How "call next" chooses, and the rules around calls and no-shows. */
export const dispatchSettingsSchema = z.object({
  /** Minutes of waiting a priority class counts as already having: the larger, the more it goes first. */
  priorityBonusMinutes: z
    .object({
      elderly: z.number().min(0).max(600),
      disabled: z.number().min(0).max(600),
      military: z.number().min(0).max(600),
      pregnant: z.number().min(0).max(600),
      appointment: z.number().min(0).max(600),
    })
    .default({ elderly: 60, disabled: 60, military: 60, pregnant: 60, appointment: 90 }),
  /** After this many priority calls in a row at a window, an ordinary ticket that waits goes next. */
  priorityStreakLimit: z.number().int().min(1).max(50).default(3),
  /** Calls (first call plus recalls) before a clerk may mark a no-show. */
  minCallsBeforeNoShow: z.number().int().min(1).max(10).default(2),
  recallCooldownSeconds: z.number().int().min(0).max(600).default(15),
  /** A returning no-show waits behind this many others. */
  noShowReturnBehind: z.number().int().min(0).max(100).default(3),
  noShowMaxReturns: z.number().int().min(0).max(3).default(1),
  /** Age from which an ID number makes a ticket 老年人 automatically. */
  elderlyAge: z.number().int().min(50).max(100).default(60),
  /** On-time window around an appointment slot, in minutes. */
  appointmentGraceMinutes: z.number().int().min(0).max(120).default(15),
  waitAlertMinutes: z.number().int().min(1).max(600).default(30),
});
export type DispatchSettings = z.infer<typeof dispatchSettingsSchema>;

export const hallSchema = z.object({
  id,
  /** Administrative code of the hall, prefix of case numbers. */
  code: z.string().regex(/^[0-9A-Z]{4,20}$/),
  name: z.string().min(1).max(60),
  address: z.string().max(120).default(''),
  notice: z.string().max(200).default(''),
  ticketFooter: z.string().max(80).default(''),
  /** Public base URL for the QR code on tickets; absent = the server's own address. */
  publicUrl: z.string().url().optional(),
});
export type Hall = z.infer<typeof hallSchema>;

/**
 * The pinyin of each phrase the kiosk searches (`serviceSearchPhrases`, `bundleSearchPhrases`, same
 * order), computed by the hall server once per catalogue, so the kiosk page carries no pinyin data.
 */
export interface SearchKeys {
  /** Initials of each phrase, lower case, letters and digits only, e.g. ['shbzksl', 'sbk']. */
  initials: string[];
  /** Whole pinyin of each phrase without spaces or tones (ü as v), e.g. ['shehuibaozhangkashenling']. */
  spelled: string[];
}

/** The part of the catalogue a kiosk needs: what a citizen can choose, and how to find it. */
export interface KioskCatalog {
  categories: { id: ServiceCategory; name: string }[];
  services: (Pick<Service, 'id' | 'name' | 'subName' | 'category' | 'groupId' | 'materials' | 'timeLimitDays' | 'keywords' | 'department'> & { search: SearchKeys })[];
  bundles: (Pick<Bundle, 'id' | 'name' | 'lifeEvent' | 'description' | 'groupId' | 'serviceIds'> & { search: SearchKeys })[];
}

const searched = (xs: (string | undefined)[]): string[] => xs.filter((x): x is string => !!x && x.trim().length > 0);

/** What the kiosk searches a matter by, the name first: name, sub-name, keywords, department. */
export function serviceSearchPhrases(s: Pick<Service, 'name' | 'subName' | 'keywords' | 'department'>): string[] {
  return searched([s.name, s.subName, ...s.keywords, s.department]);
}

/** What the kiosk searches a 一件事 bundle by, the name first: name, life event, description. */
export function bundleSearchPhrases(b: Pick<Bundle, 'name' | 'lifeEvent' | 'description'>): string[] {
  return searched([b.name, b.lifeEvent, b.description]);
}

export const CATEGORY_NAMES: Record<ServiceCategory, string> = {
  personal: '个人事项',
  company: '企业事项',
  investment: '投资项目',
  general: '综合服务',
};
