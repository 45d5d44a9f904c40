import type { Logger } from 'pino';
import type { AdminConfig } from '../../protocol/admin';
import { writeAudit } from '../admin/audit';
import { readAdminConfig } from '../admin/config';
import { addDays, businessDateOf } from '../calendar/time';
import { repeatEvery, type Repeat } from '../schedule/repeat';
import type { Db } from '../store/database';

/** What one run purged, per kind (rows changed). Written to the audit log as the run's `after`. */
export interface RetentionResult {
  businessDate: string;
  cutoffs: { applicant: string; comment: string; notice: string };
  tickets: number;
  events: number;
  answers: number;
  cases: number;
  comments: number;
  followUps: number;
  notices: number;
  /** Phone numbers still kept for a ticket that has ended: the notifier deletes them as the ticket ends, so any here is a fault, named and removed. */
  strayContacts: number;
  /** Numbers kept for a 差评 callback whose `callbackDays` have passed without a final outcome. */
  callbackContacts: number;
}

/** Who the audit log says ran it. */
export const RETENTION_ACTOR = { id: 'system:retention', name: '保留期限清理' };
const LAST_RUN_KEY = 'retention_last_date';
const DAY = 86_400_000;

/**
 * The retention job: once a business day, purges personal data past the hall's retention periods
 * (admin settings `retention`, docs/privacy.md): masked ID and phone numbers and their hashes on
 * tickets, the event log, kept answers and case rows after `applicantDays`; citizens' comments on
 * evaluations and the notes of finished follow-ups after `commentDays`; sent and dead text messages
 * after `noticeDays`; numbers kept for a 差评 callback after `callbackDays`; and any phone number left
 * for an ended ticket, at once. Everything in one
 * transaction with its audit row (written when anything was purged). The queue never reads these fields, so the hall runs on unchanged.
 */
export class RetentionJob {
  private repeat: Repeat | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: { now(): number },
    private readonly logger: Logger,
  ) {}

  /** Runs unless it already ran on this business day; the result, or null when it was not due. */
  runIfDue(): RetentionResult | null {
    const today = businessDateOf(this.clock.now());
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(LAST_RUN_KEY) as { value: string } | undefined;
    if (row && row.value >= today) return null;
    return this.run();
  }

  /** Purges now with the settings in force, audited, and records today as done. */
  run(): RetentionResult {
    const now = this.clock.now();
    const today = businessDateOf(now);
    const r = readAdminConfig(this.db).retention;
    const result = this.db.transaction(() => {
      const out = this.purge(now, today, r);
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(LAST_RUN_KEY, today);
      const total = out.tickets + out.events + out.answers + out.cases + out.comments + out.followUps + out.notices + out.strayContacts + out.callbackContacts;
      // A run that found nothing is in the log (and `meta`), not in the audit trail: a row a day would bury the changes.
      if (total > 0) {
        writeAudit(this.db, RETENTION_ACTOR, now, {
          action: 'privacy.retention',
          targetKind: 'privacy',
          targetId: today,
          summary: `按保留期限清理个人数据：共 ${total} 条`,
          before: r,
          after: out,
        });
      }
      return out;
    }).immediate();
    if (result.strayContacts > 0) this.logger.warn({ strayContacts: result.strayContacts }, 'phone numbers were left for ended tickets; deleted');
    this.logger.info({ retention: result }, 'retention job ran');
    return result;
  }

  private purge(now: number, today: string, r: AdminConfig['retention']): RetentionResult {
    const db = this.db;
    const applicant = addDays(today, -r.applicantDays);
    const comment = addDays(today, -r.commentDays);
    const notice = addDays(today, -r.noticeDays);
    const applicantBefore = Date.parse(`${applicant}T00:00:00+08:00`);
    const run = (sql: string, ...args: unknown[]) => db.prepare(sql).run(...args).changes;
    return {
      businessDate: today,
      cutoffs: { applicant, comment, notice },
      tickets: run("UPDATE tickets SET doc = json_set(doc, '$.applicant', json('{}')) WHERE business_date < ? AND json(json_extract(doc, '$.applicant')) <> '{}'", applicant),
      events: run(
        "UPDATE events SET payload = json_set(payload, '$.ticket.applicant', json('{}')) WHERE type = 'TicketTaken' AND business_date < ? AND json(json_extract(payload, '$.ticket.applicant')) <> '{}'",
        applicant,
      ),
      answers: run(
        "UPDATE requests SET response = json_set(response, '$.ticket.idMasked', NULL, '$.ticket.phoneMasked', NULL) WHERE at < ? AND (json_extract(response, '$.ticket.idMasked') IS NOT NULL OR json_extract(response, '$.ticket.phoneMasked') IS NOT NULL)",
        applicantBefore,
      ),
      cases: run(
        "UPDATE cases SET record = json_set(record, '$.applicantIdMasked', NULL, '$.applicantPhoneMasked', NULL) WHERE business_date < ? AND (json_extract(record, '$.applicantIdMasked') IS NOT NULL OR json_extract(record, '$.applicantPhoneMasked') IS NOT NULL)",
        applicant,
      ),
      comments:
        run("UPDATE events SET payload = json_set(payload, '$.comment', '') WHERE type = 'EvaluationSubmitted' AND business_date < ? AND json_extract(payload, '$.comment') <> ''", comment) +
        run("UPDATE cases SET record = json_set(record, '$.evaluation.comment', '') WHERE business_date < ? AND json_extract(record, '$.evaluation.comment') <> ''", comment),
      // Open follow-ups keep what the person following up needs, however old.
      followUps:
        run(
          "UPDATE followups SET comment = '', contact_note = NULL, closing_note = NULL, appeal_reason = NULL, appeal_note = NULL WHERE business_date < ? AND state IN ('closed', 'appeal_upheld') AND (comment <> '' OR contact_note IS NOT NULL OR closing_note IS NOT NULL OR appeal_reason IS NOT NULL OR appeal_note IS NOT NULL)",
          comment,
        ) +
        run(
          "UPDATE followup_callbacks SET note = '' WHERE note <> '' AND followup_id IN (SELECT id FROM followups WHERE business_date < ? AND state IN ('closed', 'appeal_upheld'))",
          comment,
        ),
      notices: run('DELETE FROM notify_outbox WHERE COALESCE(sent_at, dead_at) < ?', now - r.noticeDays * DAY),
      // An open ticket's number, or a completed one's waiting for its rating (that day only); nothing else.
      strayContacts: run(
        `DELETE FROM notify_contacts WHERE business_date < ? OR NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = notify_contacts.ticket_id
           AND (CASE WHEN notify_contacts.awaiting_rating = 1 THEN t.state = 'completed' ELSE t.state IN ('waiting', 'called', 'serving') END))`,
        today,
      ),
      callbackContacts: run('DELETE FROM callback_contacts WHERE keep_until <= ?', now),
    };
  }

  /** Looks every `everyMs` (default hourly) and runs once per business day; a failed run is logged and tried at the next look. */
  start(everyMs = 3_600_000): void {
    this.repeat = repeatEvery(
      everyMs,
      () => this.runIfDue(),
      (err) => this.logger.error({ err }, 'retention job failed'),
    );
  }

  stop(): void {
    this.repeat?.stop();
    this.repeat = null;
  }
}
