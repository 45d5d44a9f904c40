import type { Migration } from '../store/migrations';

/**
 * The notifier's tables (ids 40-49 are privacy's and the notifier's; 40 is the privacy scrub).
 * Forward-only: never edit one that has shipped, add the next id.
 */
export const NOTIFY_MIGRATIONS: Migration[] = [
  {
    id: 41,
    name: 'notify',
    sql: `
-- The citizen's phone number for text messages, sealed (AES-256-GCM under the contact key derived from
-- the key file, the ticket id authenticated with it), kept only while the ticket is open: the row goes
-- in the transaction that ends the ticket. near_sent: the "前面还有 N 人" message is queued (once).
CREATE TABLE notify_contacts (
  ticket_id TEXT PRIMARY KEY,
  business_date TEXT NOT NULL,
  phone_sealed TEXT NOT NULL,
  near_sent INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

-- Messages to send, written in the transaction of the event that asks for them (a call, a ticket coming
-- near). No phone number here: the sender opens the contact's when it sends, so a message whose ticket
-- has ended has no number left and is dropped. Retried with backoff; dead_at after the last attempt.
CREATE TABLE notify_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id TEXT NOT NULL,
  ticket_number TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('near', 'call')),
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  sent_at INTEGER,
  dead_at INTEGER
);
CREATE INDEX notify_outbox_due ON notify_outbox(next_attempt_at, id) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX notify_outbox_ticket ON notify_outbox(ticket_id);
`,
  },
  {
    id: 42,
    name: 'callback-contacts',
    sql: `
-- A completed ticket's number waits for its rating (the pad rates at the window, right after): a bad
-- rating moves it to callback_contacts, any other rating or the day's close deletes it.
ALTER TABLE notify_contacts ADD COLUMN awaiting_rating INTEGER NOT NULL DEFAULT 0;

-- 差评回访: the number of a citizen who rated a service 不满意 or 非常不满意, sealed under the callback key
-- (AES-256-GCM, derived from the key file outside hall.db; the ticket id authenticated with it), kept
-- until a final callback outcome, the follow-up's end, or keep_until (retention.callbackDays), whichever
-- comes first. phone_masked (138****1234) is what the list shows before anyone asks to see the number.
CREATE TABLE callback_contacts (
  ticket_id TEXT PRIMARY KEY,
  business_date TEXT NOT NULL,
  phone_sealed TEXT NOT NULL,
  phone_masked TEXT NOT NULL,
  rated_at INTEGER NOT NULL,
  keep_until INTEGER NOT NULL
);
CREATE INDEX callback_contacts_until ON callback_contacts(keep_until);

-- The calls made for a follow-up (回访记录): outcome, note, who and when. No number here.
CREATE TABLE followup_callbacks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  followup_id INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('reached', 'not_reached', 'resolved')),
  note TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX followup_callbacks_followup ON followup_callbacks(followup_id, id);
`,
  },
];
