import type { Migration } from '../store/migrations';

/** `330102********1234` (the old mask) → `3301**********1234`, for one JSON path of one column. */
const remask = (col: string, p: string) =>
  `json_set(${col}, '${p}', substr(json_extract(${col}, '${p}'), 1, 4) || '**********' || substr(json_extract(${col}, '${p}'), 15, 4))`;
const oldMask = (col: string, p: string) => `json_extract(${col}, '${p}') GLOB '${'[0-9]'.repeat(6)}${'[*]'.repeat(8)}${'[0-9X]'.repeat(4)}'`;

/**
 * Personal-data migrations (ids 40-49 are privacy's and the notifier's). Forward-only: never edit one
 * that has shipped, add the next id.
 *
 * 40 scrubs what earlier versions kept: the birth date beside the ID mask (together they gave the number
 * back), the old mask that showed the district, and the look-up hashes salted with a value kept in this
 * same database. Those hashes cannot be re-keyed without the numbers, so they are dropped with their salt:
 * look-ups of visits before the upgrade no longer match (docs/privacy.md). The event log is rewritten
 * here too, on purpose: it is the source of truth for the queue, and the applicant fields play no part
 * in folding it.
 */
export const PRIVACY_MIGRATIONS: Migration[] = [
  {
    id: 40,
    name: 'privacy-scrub-applicant',
    sql: `
DELETE FROM meta WHERE key = 'personal_salt';

UPDATE tickets SET doc = json_remove(doc, '$.applicant.birthDate', '$.applicant.idHash', '$.applicant.phoneHash')
  WHERE json_type(doc, '$.applicant') = 'object';
UPDATE tickets SET doc = ${remask('doc', '$.applicant.idMasked')} WHERE ${oldMask('doc', '$.applicant.idMasked')};

UPDATE events SET payload = json_remove(payload, '$.ticket.applicant.birthDate', '$.ticket.applicant.idHash', '$.ticket.applicant.phoneHash')
  WHERE type = 'TicketTaken' AND json_type(payload, '$.ticket.applicant') = 'object';
UPDATE events SET payload = ${remask('payload', '$.ticket.applicant.idMasked')}
  WHERE type = 'TicketTaken' AND ${oldMask('payload', '$.ticket.applicant.idMasked')};

-- Answers kept for repeated requestIds: a clerk's answer carries the ticket's mask.
UPDATE requests SET response = ${remask('response', '$.ticket.idMasked')} WHERE ${oldMask('response', '$.ticket.idMasked')};

-- Case records here and those not yet sent to the district (the ones already sent are the district's).
UPDATE cases SET record = ${remask('record', '$.applicantIdMasked')} WHERE ${oldMask('record', '$.applicantIdMasked')};
UPDATE outbox SET payload = ${remask('payload', '$.applicantIdMasked')} WHERE kind = 'case' AND ${oldMask('payload', '$.applicantIdMasked')};
UPDATE sync_dead_letters SET payload = ${remask('payload', '$.applicantIdMasked')} WHERE kind = 'case' AND ${oldMask('payload', '$.applicantIdMasked')};
`,
  },
];
