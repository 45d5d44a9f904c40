import type { HallEvent } from '../domain/events';
import type { HallState, Ticket } from '../domain/types';
import { open, seal, type HallKeys } from '../auth/keys';
import { CallbackContacts } from '../privacy/callback-contacts';
import type { Db } from '../store/database';

/** What the notifier does now: null = inactive (no gateway, or switched off in the admin settings). */
export interface NotifyRules {
  /** "前面还有 N 人": a ticket with a phone number is told once when at most this many are ahead of it. */
  aheadThreshold: number;
}

export interface OutboxRow {
  id: number;
  ticket_id: string;
  ticket_number: string;
  kind: 'near' | 'call';
  text: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  sent_at: number | null;
  dead_at: number | null;
}

/** The texts, in one place. The hall's name first: the citizen may have been in more than one hall today. */
export const MESSAGES = {
  near: (hall: string, number: string, ahead: number) => `${hall}：您的 ${number} 号前面还有 ${ahead} 人，请回到大厅等候叫号。`,
  call: (hall: string, number: string, windowNumber: number) => `${hall}：请 ${number} 号到 ${windowNumber} 号窗口办理。`,
};

/**
 * Events after which a ticket no longer needs its phone number (the domain's final states). A completed
 * ticket is not among them: its number waits for the rating (a 差评 keeps it for the callback).
 */
function endedTicketIds(e: HallEvent): string[] {
  switch (e.type) {
    case 'TicketNoShow':
    case 'TicketCancelled':
      return [e.ticketId];
    case 'DayClosed':
      return e.closedTicketIds;
    default:
      return [];
  }
}

/**
 * The notifier's durable side: sealed phone numbers of open tickets and the outbox of messages. `onCommit`
 * runs inside the hall's command transaction (a HallStore participant), so a call and its message, or a
 * ticket's end and the deletion of its number, commit together or not at all.
 */
export class NotifyStore {
  private readonly s;
  /** Numbers kept for 差评回访 after their ticket ended (the admin console's 差评 list reads them). */
  readonly callbacks: CallbackContacts;

  constructor(
    readonly db: Db,
    private readonly keys: HallKeys,
    /** Read when a message could be due; null = queue nothing. */
    private readonly rules: () => NotifyRules | null,
    /** Days a 差评's number is kept for the callback (`retention.callbackDays`); 0 = not kept. */
    private readonly callbackDays: () => number = () => 0,
  ) {
    this.callbacks = new CallbackContacts(db, keys);
    this.s = {
      insertContact: db.prepare('INSERT OR REPLACE INTO notify_contacts (ticket_id, business_date, phone_sealed, near_sent, created_at) VALUES (?, ?, ?, ?, ?)'),
      // A number that waits for its rating is no longer one to text.
      contact: db.prepare('SELECT phone_sealed, near_sent FROM notify_contacts WHERE ticket_id = ? AND awaiting_rating = 0'),
      waitingContacts: db.prepare('SELECT ticket_id FROM notify_contacts WHERE near_sent = 0 AND awaiting_rating = 0'),
      awaitRating: db.prepare('UPDATE notify_contacts SET awaiting_rating = 1 WHERE ticket_id = ?'),
      awaitingOf: db.prepare('SELECT phone_sealed, business_date FROM notify_contacts WHERE ticket_id = ? AND awaiting_rating = 1'),
      dropAwaiting: db.prepare('DELETE FROM notify_contacts WHERE awaiting_rating = 1 AND business_date <= ?'),
      markNear: db.prepare('UPDATE notify_contacts SET near_sent = 1 WHERE ticket_id = ?'),
      deleteContact: db.prepare('DELETE FROM notify_contacts WHERE ticket_id = ?'),
      deletePending: db.prepare('DELETE FROM notify_outbox WHERE ticket_id = ? AND sent_at IS NULL AND dead_at IS NULL'),
      enqueue: db.prepare('INSERT INTO notify_outbox (ticket_id, ticket_number, kind, text, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)'),
      due: db.prepare('SELECT * FROM notify_outbox WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?'),
      sent: db.prepare('UPDATE notify_outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?'),
      failed: db.prepare('UPDATE notify_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, dead_at = ? WHERE id = ?'),
      drop: db.prepare('DELETE FROM notify_outbox WHERE id = ?'),
    };
  }

  /**
   * Keeps a ticket's phone number, sealed, until the ticket ends. Call it inside the transaction that
   * takes the ticket. `ahead`: how many are ahead now; a ticket already near is not told it is near.
   * Does nothing while the notifier is inactive: a number nobody will text is not kept.
   */
  registerContact(ticket: Ticket, phone: string, ahead: number, now: number): void {
    const rules = this.rules();
    if (!rules) return;
    this.s.insertContact.run(ticket.id, ticket.businessDate, seal(this.keys, phone, ticket.id), ahead <= rules.aheadThreshold ? 1 : 0, now);
  }

  /** The participant in the hall's commit: state is the hall before these events. */
  onCommit(state: HallState, events: HallEvent[], now: number): void {
    const ended = new Set<string>();
    let rules: NotifyRules | null | undefined;
    const active = () => (rules === undefined ? (rules = this.rules()) : rules);
    // Tickets that leave the waiting line in this command: the ones behind them move up.
    const left: Ticket[] = [];
    for (const e of events) {
      if (e.type === 'TicketCalled' || e.type === 'TicketRecalled') {
        const t = state.tickets.get(e.ticketId);
        if (e.type === 'TicketCalled' && t?.state === 'waiting') left.push(t);
        if (t && this.s.contact.get(t.id) && active()) {
          const windowNumber = state.catalog.windows.get(e.windowId)?.number ?? 0;
          this.s.enqueue.run(t.id, t.number, 'call', MESSAGES.call(state.catalog.hall.name, t.number, windowNumber), now, now);
        }
      } else if (e.type === 'TicketCancelled') {
        const t = state.tickets.get(e.ticketId);
        if (t?.state === 'waiting') left.push(t);
      } else if (e.type === 'TicketCompleted') {
        // Served: no more messages, but the number waits for the rating (a 差评 is called back).
        this.s.awaitRating.run(e.ticketId);
        this.s.deletePending.run(e.ticketId);
      } else if (e.type === 'EvaluationSubmitted') {
        this.onRated(e, now);
      } else if (e.type === 'DayClosed') {
        // A rating comes at the window right after the service: by the close, whoever was to rate has.
        this.s.dropAwaiting.run(e.businessDate);
      }
      for (const id of endedTicketIds(e)) ended.add(id);
    }
    for (const id of ended) {
      this.s.deleteContact.run(id);
      this.s.deletePending.run(id);
    }
    if (left.length > 0 && active()) this.queueNear(state, left, ended, active()!, now);
  }

  /**
   * A rating of a ticket whose number waits for it: a 差评 (不满意, 非常不满意; a default rating never is)
   * moves the number to the callback store, re-sealed under the callback key; any other rating deletes it.
   */
  private onRated(e: Extract<HallEvent, { type: 'EvaluationSubmitted' }>, now: number): void {
    const row = this.s.awaitingOf.get(e.ticketId) as { phone_sealed: string; business_date: string } | undefined;
    if (!row) return;
    this.s.deleteContact.run(e.ticketId);
    const days = this.callbackDays();
    if (e.isDefault || e.level > 2 || days <= 0) return;
    const phone = open(this.keys, row.phone_sealed, e.ticketId);
    // Sealed under a key no longer in use (the key file was replaced): nothing that can be kept.
    if (phone !== null) this.callbacks.keep({ id: e.ticketId, businessDate: row.business_date }, phone, now, days);
  }

  /** "前面还有 N 人" for each ticket with a number that the departures bring within the threshold, once. */
  private queueNear(state: HallState, left: Ticket[], ended: Set<string>, rules: NotifyRules, now: number): void {
    const leftIds = new Set(left.map((t) => t.id));
    for (const { ticket_id } of this.s.waitingContacts.all() as { ticket_id: string }[]) {
      if (leftIds.has(ticket_id) || ended.has(ticket_id)) continue;
      const t = state.tickets.get(ticket_id);
      const entry = state.queue.entryOf(ticket_id);
      if (!t || t.state !== 'waiting' || !entry) continue;
      // Counted on the hall before this command, less those that leave ahead of it now.
      const before = state.queue.countAheadInGroup(t.groupId, entry);
      const gone = left.filter((l) => l.groupId === t.groupId && (l.sortKey < entry.key || (l.sortKey === entry.key && l.ordinal < entry.ordinal))).length;
      const ahead = before - gone;
      if (ahead > rules.aheadThreshold) continue;
      this.s.markNear.run(ticket_id);
      this.s.enqueue.run(t.id, t.number, 'near', MESSAGES.near(state.catalog.hall.name, t.number, ahead), now, now);
    }
  }

  /** True while texts can still reach this ticket (a number is kept, the ticket not yet served). */
  reminds(ticketId: string): boolean {
    return this.s.contact.get(ticketId) !== undefined;
  }

  /** Messages due now, oldest first. */
  due(now: number, limit: number): OutboxRow[] {
    return this.s.due.all(now, limit) as OutboxRow[];
  }

  /**
   * The phone number of a ticket's message: 'gone' when the ticket has ended (the number is deleted),
   * 'sealed-elsewhere' when the key that sealed it is not the one in use (the key file was replaced).
   */
  phoneOf(ticketId: string): string | 'gone' | 'sealed-elsewhere' {
    const row = this.s.contact.get(ticketId) as { phone_sealed: string } | undefined;
    if (!row) return 'gone';
    return open(this.keys, row.phone_sealed, ticketId) ?? 'sealed-elsewhere';
  }

  markSent(id: number, now: number): void {
    this.s.sent.run(now, id);
  }

  /** A failed attempt: retried at `retryAt`, or a dead letter when `retryAt` is null. */
  markFailed(id: number, error: string, retryAt: number | null, now: number): void {
    this.s.failed.run(error, retryAt ?? now, retryAt === null ? now : null, id);
  }

  /** A message whose ticket has ended before it could go: nobody to tell any more. */
  drop(id: number): void {
    this.s.drop.run(id);
  }
}
