/**
 * What the hall says, as a list of clips of the voice pack (renderer/public/voice/zh-CN/) and as text
 * (for a system voice, the screen and the announcement log). Pure; `make-voice-pack` generates exactly
 * the clips `VOICE_CLIPS` lists.
 *
 * Reading rules, as halls read them: the ticket number letter by letter and digit by digit
 * ("A 零 二 三 号"), the window number as a number ("十二 号窗口").
 */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/** Spoken prompts of the kiosk and the evaluation pad: clip name → text. */
export const PROMPTS = {
  'prompt-welcome': '您好，请选择您要办理的事项',
  'prompt-materials': '请确认需要携带的材料，然后点击取号',
  'prompt-ticket': '取号成功，请留意叫号',
  'prompt-closed': '现在不能取号，请留意下次办公时间',
  'prompt-rate': '请您对本次服务进行评价',
  'prompt-thanks': '感谢您的评价',
} as const;
export type PromptName = keyof typeof PROMPTS;

/** Every clip of the pack and the Mandarin it says (the generator reads this). */
export const VOICE_CLIPS: Record<string, string> = {
  qing: '请',
  hao: '号',
  dao: '到',
  chuangkou: '窗口',
  shi: '十',
  bai: '百',
  ...Object.fromEntries(DIGITS.map((d, i) => [`digit-${i}`, d])),
  ...Object.fromEntries(LETTERS.map((l) => [`letter-${l}`, l])),
  ...PROMPTS,
};

/** The chime before an announcement; generated as a tone, not spoken. */
export const CHIME = 'chime';

/** A cardinal 0..999 as clips: 5 → 五, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五. */
export function cardinalClips(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError(`cannot read ${n}`);
  if (n < 10) return [`digit-${n}`];
  if (n < 20) return ['shi', ...(n % 10 ? [`digit-${n % 10}`] : [])];
  if (n < 100) return [`digit-${Math.floor(n / 10)}`, 'shi', ...(n % 10 ? [`digit-${n % 10}`] : [])];
  const hundreds = [`digit-${Math.floor(n / 100)}`, 'bai'];
  const rest = n % 100;
  if (rest === 0) return hundreds;
  // 105 → 一百零五; 110 → 一百一十 (the tens keep their 一 after a hundred).
  if (rest < 10) return [...hundreds, 'digit-0', `digit-${rest}`];
  if (rest < 20) return [...hundreds, 'digit-1', 'shi', ...(rest % 10 ? [`digit-${rest % 10}`] : [])];
  return [...hundreds, ...cardinalClips(rest)];
}

/** A ticket number as clips: letters and digits one by one; anything else is skipped. */
export function ticketNumberClips(number: string): string[] {
  const out: string[] = [];
  for (const ch of number.toUpperCase()) {
    if (ch >= '0' && ch <= '9') out.push(`digit-${ch}`);
    else if (ch >= 'A' && ch <= 'Z') out.push(`letter-${ch}`);
  }
  return out;
}

/** "请 A023 号 到 5 号窗口" as clips (without the chime). */
export function callClips(number: string, windowNumber: number): string[] {
  return ['qing', ...ticketNumberClips(number), 'hao', 'dao', ...cardinalClips(windowNumber), 'hao', 'chuangkou'];
}

/** "请 A023 号 到 5 号窗口" as text. */
export function callText(number: string, windowNumber: number): string {
  return `请 ${number} 号 到 ${windowNumber} 号窗口`;
}

/** Text for a speech engine: the digits spelled out, so no engine reads "023" as "twenty-three". */
export function callSpeech(number: string, windowNumber: number): string {
  const spelled = [...number.toUpperCase()].map((ch) => (ch >= '0' && ch <= '9' ? DIGITS[Number(ch)] : ch)).join(' ');
  return `请 ${spelled} 号，到 ${windowNumber} 号窗口`;
}

/** One announcement: what to play, in order, and what it says. */
export interface Announcement {
  /** Clip names; `null` marks a pause between repeats. */
  clips: (string | null)[];
  text: string;
  speech: string;
}

/** A call announced as halls do: a chime, then the sentence twice. */
export function callAnnouncement(number: string, windowNumber: number, repeats = 2): Announcement {
  const once = callClips(number, windowNumber);
  const clips: (string | null)[] = [CHIME];
  for (let i = 0; i < repeats; i++) {
    if (i > 0) clips.push(null);
    clips.push(...once);
  }
  const speech = callSpeech(number, windowNumber);
  return { clips, text: callText(number, windowNumber), speech: Array(repeats).fill(speech).join('。') };
}

/**
 * The kiosk's prompt when the ticket is out, with its number read as a call reads it
 * ("A 零 二 三 号", then "取号成功，请留意叫号"): an older citizen hears which number to listen for.
 */
export function ticketPromptAnnouncement(number: string): Announcement {
  const spelled = [...number.toUpperCase()].map((ch) => (ch >= '0' && ch <= '9' ? DIGITS[Number(ch)] : ch)).join(' ');
  return {
    clips: [...ticketNumberClips(number), 'hao', null, 'prompt-ticket'],
    text: `${number} 号。${PROMPTS['prompt-ticket']}`,
    speech: `您的号码是 ${spelled} 号。${PROMPTS['prompt-ticket']}`,
  };
}

/** A prompt of the kiosk or the pad. */
export function promptAnnouncement(name: PromptName): Announcement {
  return { clips: [name], text: PROMPTS[name], speech: PROMPTS[name] };
}
