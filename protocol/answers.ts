import type { PrintResult } from './print';
import type { CommandName } from './commands';
import type { ErrorBody } from './errors';
import type { Snapshot, TakeResult, TicketDetail, TicketPublic, WindowView } from './views';

/**
 * What every command answers: the body of each command's ack, by command name. The server's planners
 * must build exactly this (`server/realtime/command.ts` types them with it) and the terminals' `send`
 * resolves to it, so a field added or renamed here fails to compile on both sides until both follow.
 * Times are epoch milliseconds.
 */
export interface CommandResults {
  /** `window` is null only if the window vanished from the catalogue meanwhile. */
  'window:signIn': { window: WindowView | null };
  'window:signOut': { window: WindowView };
  /** No ticket this window can serve: `{ ticket: null, reason: null }`. */
  'window:callNext': { ticket: TicketDetail; reason: DispatchReasonView } | { ticket: null; reason: null };
  'window:callTicket': { ticket: TicketDetail; reason: DispatchReasonView };
  'window:pause': { window: WindowView };
  'window:resume': { window: WindowView };
  'ticket:take': TakeResult;
  /** A printer failure is still `ok: true`: the command ran, `result` says the paper did not come. */
  'ticket:print': { result: PrintResult };
  'ticket:recall': { ticket: TicketDetail };
  'ticket:start': { ticket: TicketDetail };
  /** `at`: when the ticket was marked no-show (过号). */
  'ticket:noShow': { ticket: TicketDetail; at: number };
  /** `at`: when it went back in line; `ahead`: its new place, defined as for `ticket:take` (docs/protocol.md). */
  'ticket:return': { ticket: TicketPublic; at: number; ahead: number };
  /** `at`: when it was cancelled. */
  'ticket:cancel': { ticket: TicketPublic; at: number };
  /** `caseId` is the first of `caseIds` (a bundle makes one case; kept for terminals written before caseIds). */
  'ticket:complete': { ticket: TicketDetail; caseId: string | null; caseIds: string[] };
  'ticket:transfer': { ticket: TicketDetail };
  /** `at`: when it was reassigned; `ahead`: its place in its new group's line, defined as for `ticket:take`. */
  'ticket:reassign': { ticket: TicketDetail; at: number; ahead: number };
  /** `caseIds`: the cases the rating was bound to; `at`: when it was recorded. */
  'evaluation:submit': { caseIds: string[]; at: number };
  'day:open': EmptyAnswer;
  'day:close': EmptyAnswer;
  'hall:resync': { snapshot: Snapshot };
}

/** An answer with no body of its own (it still carries `ok` and `seq`). */
export type EmptyAnswer = Record<never, never>;

/** Why a ticket was the one called ("why this ticket"). */
export interface DispatchReasonView {
  code: 'ONLY_ONE' | 'PRIORITY' | 'LONGEST_WAIT' | 'INTERLEAVE' | 'TARGETED' | 'OUT_OF_TURN';
  text: string;
}

/** A refusal: nothing changed. */
export interface Refusal {
  ok: false;
  error: ErrorBody;
}

/**
 * Every ack: ok with a body, or a refusal with a code and a message. An ok answer carries `seq`: the seq
 * of the last event the command caused, or the hall's current seq when it caused none or was answered as
 * a repeat of an earlier requestId. Either way, a terminal whose feed has reached `seq` has seen every
 * event of the command.
 */
export type Ack<T = EmptyAnswer> = ({ ok: true; seq: number } & T) | Refusal;

/** The ack of one command. */
export type CommandAnswer<C extends CommandName> = Ack<CommandResults[C]>;
/** The ok ack of one command. */
export type Answered<C extends CommandName> = { ok: true; seq: number } & CommandResults[C];

/** The callback a terminal hands with a command. */
export type AckCallback<C extends CommandName> = (answer: CommandAnswer<C>) => void;

// Compile-time: every command has an answer type, and every answer type names a command.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyCommandAnswered: Exactly<keyof CommandResults, CommandName> = true;
void everyCommandAnswered;

