import { open, seal, type HallKeys } from '../auth/keys';
import { maskPhone } from '../domain/id-number';
import type { Db } from '../store/database';

const DAY = 86_400_000;

/** A kept callback number as the 差评 list shows it before anyone asks to see it. */
export interface CallbackContactView {
  phoneMasked: string;
  keepUntil: number;
}

/**
 * Phone numbers kept for a 差评 callback (差评回访), one per ticket, after the ticket has ended. Sealed with
 * AES-256-GCM under the callback key (derived from the key file outside `hall.db`, the ticket id
 * authenticated with it): `hall.db` alone does not give the number back. A number is kept until the first
 * of: a final callback outcome, the follow-up's end, `keep_until` (rating + `retention.callbackDays`), when
 * the retention job purges it. docs/privacy.md, "差评回访".
 */
export class CallbackContacts {
  private readonly s;

  constructor(
    db: Db,
    private readonly keys: HallKeys,
  ) {
    this.s = {
      keep: db.prepare(
        'INSERT OR REPLACE INTO callback_contacts (ticket_id, business_date, phone_sealed, phone_masked, rated_at, keep_until) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      get: db.prepare('SELECT phone_sealed, phone_masked, keep_until FROM callback_contacts WHERE ticket_id = ? AND keep_until > ?'),
      forget: db.prepare('DELETE FROM callback_contacts WHERE ticket_id = ?'),
    };
  }

  /** Keeps a bad rating's number for `days` days from the rating (inside the rating's transaction). */
  keep(ticket: { id: string; businessDate: string }, phone: string, ratedAt: number, days: number): void {
    this.s.keep.run(ticket.id, ticket.businessDate, seal(this.keys, phone, ticket.id, 'callback'), maskPhone(phone), ratedAt, ratedAt + days * DAY);
  }

  /** The masked number and until when it is kept; null when none is kept (or its time is past). */
  view(ticketId: string, now: number): CallbackContactView | null {
    const r = this.s.get.get(ticketId, now) as { phone_masked: string; keep_until: number } | undefined;
    return r ? { phoneMasked: r.phone_masked, keepUntil: r.keep_until } : null;
  }

  /** The full number: 'gone' when none is kept, 'sealed-elsewhere' when the key file was replaced since. */
  reveal(ticketId: string, now: number): string | 'gone' | 'sealed-elsewhere' {
    const r = this.s.get.get(ticketId, now) as { phone_sealed: string } | undefined;
    if (!r) return 'gone';
    return open(this.keys, r.phone_sealed, ticketId, 'callback') ?? 'sealed-elsewhere';
  }

  /** Deletes a ticket's number (a final outcome, the follow-up ended); true when there was one. */
  forget(ticketId: string): boolean {
    return this.s.forget.run(ticketId).changes > 0;
  }
}
