import type { CaseRecord, CaseEvaluationUpdate } from '../../protocol/case-record';
import { advanceOrdinal, applyToTicket, applyToWindow, copyTicket, countServed, countTaken, enqueue, touched } from '../domain/evolve';
import type { HallEvent } from '../domain/events';
import { closedWindow, initialState } from '../domain/state';
import type { Appointment, Catalog, HallState, Ticket, WindowRuntime } from '../domain/types';
import { evolve } from '../domain/evolve';
import type { Db } from './database';
import { isStorageFailure, WriteHealth } from './write-health';

/** The tickets and windows as a command leaves them, computed inside the transaction. */
export interface Projected {
  tickets: Map<string, Ticket>;
  windows: Map<string, WindowRuntime>;
  seqs: number[];
}

/**
 * A request to record with its answer, so a repeated requestId gets the first answer back. The answer is
 * built inside the transaction from the projected rows, so the events and the answer commit together.
 */
export interface RequestRecord<R> {
  requestId: string;
  actor: string;
  command: string;
  /** The hash of the payload the id was first given with (see `requestKey` in server/hall/hall.ts). */
  payloadHash: string;
  respond: (projected: Projected) => R;
}

/** A recorded request: who gave it, for which command and payload, and its answer. */
export interface PriorRequest {
  actor: string;
  command: string;
  /** Null for requests recorded before migration 50. */
  payloadHash: string | null;
  response: unknown;
}

/**
 * Writes of another module that must commit with a command's events (the notifier's outbox): run inside
 * the transaction after the hall's own rows, with the hall as it was before the events. A throw rolls the
 * whole command back.
 */
export type CommitParticipant = (state: HallState, events: HallEvent[], now: number) => void;

const iso = (ms: number) => new Date(ms).toISOString();
const minutes = (ms: number) => Math.round((ms / 60_000) * 10) / 10;

/**
 * The durable side of the hall: appends each command's events and updates the read tables in one SQLite
 * transaction. The in-memory state is touched only after the commit (the caller applies the events), so
 * a failed write leaves memory as it was.
 */
export class HallStore {
  private readonly stmts;
  private readonly commitTx;
  private readonly groupTx;
  private seq: number;
  private readonly participants: CommitParticipant[] = [];
  /** Whether the hall's writes go through (for /healthz): the last failure for want of storage, and since when. */
  readonly writes = new WriteHealth();

  constructor(readonly db: Db) {
    // `group`'s and `commit`'s transactions, made once: better-sqlite3 builds a wrapper per `transaction` call.
    this.groupTx = db.transaction((work: () => unknown) => work());
    this.commitTx = db.transaction(<R>(state: HallState, events: HallEvent[], actor: string, request: RequestRecord<R> | undefined, now: number) => this.write(state, events, actor, request, now));
    this.stmts = {
      insertEvent: db.prepare('INSERT INTO events (seq, type, at, business_date, actor, payload) VALUES (?, ?, ?, ?, ?, ?)'),
      lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events'),
      upsertTicket: db.prepare(`INSERT INTO tickets (id, business_date, number, group_id, state, priority, taken_at, called_at, started_at, completed_at, window_id, staff_id, doc)
        VALUES (@id, @businessDate, @number, @groupId, @state, @priority, @takenAt, @calledAt, @startedAt, @completedAt, @windowId, @staffId, @doc)
        ON CONFLICT(id) DO UPDATE SET state = excluded.state, group_id = excluded.group_id, called_at = excluded.called_at,
          started_at = excluded.started_at, completed_at = excluded.completed_at, window_id = excluded.window_id,
          staff_id = excluded.staff_id, doc = excluded.doc`),
      upsertWindow: db.prepare('INSERT INTO windows_state (window_id, doc) VALUES (?, ?) ON CONFLICT(window_id) DO UPDATE SET doc = excluded.doc'),
      upsertDay: db.prepare(`INSERT INTO hall_day (id, business_date, day_open, case_counter, next_ordinal, last_seq) VALUES (1, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET business_date = excluded.business_date, day_open = excluded.day_open,
          case_counter = excluded.case_counter, next_ordinal = excluded.next_ordinal, last_seq = excluded.last_seq`),
      insertCase: db.prepare(`INSERT INTO cases (case_id, ticket_id, business_date, window_id, staff_id, completed_at, outcome, record)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      rateCase: db.prepare(`UPDATE cases SET evaluation_level = ?, evaluation_default = ?, evaluated_at = ?,
        record = json_set(record, '$.evaluation', json(?)) WHERE case_id = ?`),
      insertOutbox: db.prepare('INSERT INTO outbox (kind, case_id, payload, created_at) VALUES (?, ?, ?, ?)'),
      countCases: db.prepare('SELECT COUNT(*) AS n FROM cases WHERE business_date = ?'),
      useAppointment: db.prepare('UPDATE appointments SET used_by_ticket_id = ? WHERE code = ?'),
      findRequest: db.prepare('SELECT actor, command, payload_hash, response FROM requests WHERE request_id = ?'),
      insertRequest: db.prepare('INSERT INTO requests (request_id, actor, command, payload_hash, response, at) VALUES (?, ?, ?, ?, ?, ?)'),
    };
    this.seq = (this.stmts.lastSeq.get() as { seq: number }).seq;
  }

  /** Adds a participant to every later commit. */
  participate(participant: CommitParticipant): void {
    this.participants.push(participant);
  }

  /** The seq of the last committed event. */
  lastSeq(): number {
    return this.seq;
  }

  /**
   * Runs `work` in one transaction: the commits inside it become savepoints, and the group reaches the disk
   * with one flush (group commit). If the group cannot commit, nothing of it is written, the error is
   * thrown, and the store's seq goes back to what the disk holds (the caller rebuilds its memory).
   */
  group<T>(work: () => T, now: number): T {
    try {
      return this.written(now, () => this.groupTx.immediate(work) as T);
    } catch (err) {
      this.seq = (this.stmts.lastSeq.get() as { seq: number }).seq;
      throw err;
    }
  }

  /**
   * Runs a transaction and records in the write health whether it reached the disk. A savepoint inside a
   * group is not on disk yet: the group records it.
   */
  private written<T>(now: number, tx: () => T): T {
    if (this.db.inTransaction) return tx();
    try {
      const result = tx();
      this.writes.succeeded(now);
      return result;
    } catch (err) {
      if (isStorageFailure(err)) this.writes.failed(err.code, now);
      throw err;
    }
  }

  findRequest(requestId: string): PriorRequest | undefined {
    const row = this.stmts.findRequest.get(requestId) as { actor: string; command: string; payload_hash: string | null; response: string } | undefined;
    return row ? { actor: row.actor, command: row.command, payloadHash: row.payload_hash, response: JSON.parse(row.response) } : undefined;
  }

  /**
   * Commits a command's events, their projections and the request's answer in one transaction, and
   * returns the seq of each event. Rows are computed on copies of the touched tickets and windows.
   * `now` is the hall's clock (written on cases, evaluations and the answer), never the machine's.
   */
  commit<R>(state: HallState, events: HallEvent[], actor: string, request: RequestRecord<R> | undefined, now: number): { seqs: number[]; response: R | undefined } {
    // Inside a group commit (`group`), a savepoint; else a transaction of its own.
    const done = this.written(now, () => this.commitTx.immediate(state, events, actor, request, now) as { seqs: number[]; response: R | undefined; seq: number });
    const { seqs, response, seq } = done;
    this.seq = seq;
    return { seqs, response };
  }

  /** The rows of one command's events, its projections and its answer (inside `commit`'s transaction). */
  private write<R>(state: HallState, events: HallEvent[], actor: string, request: RequestRecord<R> | undefined, now: number): { seqs: number[]; response: R | undefined; seq: number } {
    let seq = this.seq;
    const seqs: number[] = [];
    const tickets = new Map<string, Ticket>();
    const windows = new Map<string, WindowRuntime>();
    let businessDate = state.businessDate;
    let dayOpen = state.dayOpen;
    let caseCounter = state.caseCounter;
    let nextOrdinal = state.nextOrdinal;
    for (const e of events) {
      seq++;
      seqs.push(seq);
      if (e.type === 'DayOpened') {
        // Reopening a date (the same day after a mistaken close, or a forced way back) continues its cases.
        if (e.businessDate !== businessDate) caseCounter = (this.stmts.countCases.get(e.businessDate) as { n: number }).n;
        businessDate = e.businessDate;
        dayOpen = true;
      } else if (e.type === 'DayClosed') dayOpen = false;
      this.stmts.insertEvent.run(seq, e.type, e.at, businessDate, actor, JSON.stringify(e));
      const { ticketIds, windowIds } = touched(e);
      for (const id of ticketIds) {
        let t = tickets.get(id);
        if (!t) {
          const live = e.type === 'TicketTaken' ? e.ticket : state.tickets.get(id);
          if (!live) throw new Error(`commit: unknown ticket ${id}`);
          // Its own copy of what `applyToTicket` changes (fields and arrays), as the domain's `evolve` makes.
          t = copyTicket(live);
          tickets.set(id, t);
        }
        if (e.type !== 'TicketTaken') applyToTicket(t, e);
      }
      for (const id of windowIds) {
        const w = windows.get(id) ?? state.windows.get(id) ?? closedWindow(id, e.at);
        windows.set(id, applyToWindow(w, e));
      }
      const ordinal = e.type === 'TicketTaken' ? e.ticket.ordinal : 'ordinal' in e ? e.ordinal : null;
      if (ordinal !== null) nextOrdinal = Math.max(nextOrdinal, Math.floor(ordinal) + 1);
      if (e.type === 'TicketTaken') {
        if (e.ticket.appointmentCode) this.stmts.useAppointment.run(e.ticket.id, e.ticket.appointmentCode);
      }
      if (e.type === 'TicketCompleted') {
        caseCounter += e.cases.length;
        this.writeCases(state.catalog, tickets.get(e.ticketId)!, e, now);
      }
      if (e.type === 'EvaluationSubmitted') this.writeEvaluation(state.catalog, e, now);
    }
    for (const t of tickets.values()) this.writeTicket(t);
    for (const w of windows.values()) this.stmts.upsertWindow.run(w.id, JSON.stringify(w));
    // The day row changes only with the day; counters are read back from the day's rows on start.
    if (events.some((e) => e.type === 'DayOpened' || e.type === 'DayClosed')) {
      this.stmts.upsertDay.run(businessDate, dayOpen ? 1 : 0, caseCounter, nextOrdinal, seq);
    }
    for (const p of this.participants) p(state, events, now);
    let response: R | undefined;
    if (request) {
      response = request.respond({ tickets, windows, seqs });
      this.stmts.insertRequest.run(request.requestId, request.actor, request.command, request.payloadHash, JSON.stringify(response), now);
    }
    return { seqs, response, seq };
  }

  private writeTicket(t: Ticket): void {
    this.stmts.upsertTicket.run({
      id: t.id,
      businessDate: t.businessDate,
      number: t.number,
      groupId: t.groupId,
      state: t.state,
      priority: t.priority,
      takenAt: t.takenAt,
      calledAt: t.calledAt,
      startedAt: t.startedAt,
      completedAt: t.completedAt,
      windowId: t.windowId,
      staffId: t.staffId,
      doc: JSON.stringify(t),
    });
  }

  /** One case row and one outbox row per case, in the completing transaction. */
  private writeCases(catalog: Catalog, t: Ticket, e: Extract<HallEvent, { type: 'TicketCompleted' }>, now: number): void {
    const window = catalog.windows.get(e.windowId);
    for (const c of e.cases) {
      const services = c.serviceIds.map((id) => catalog.services.get(id));
      const bundle = c.bundleId ? catalog.bundles.get(c.bundleId) : undefined;
      const calledAt = t.calledAt ?? t.lastCalledAt ?? e.at;
      const record: CaseRecord = {
        caseId: c.caseId,
        hallId: catalog.hall.id,
        hallCode: catalog.hall.code,
        businessDate: t.businessDate,
        ticketId: t.id,
        ticketNumber: t.number,
        groupId: t.groupId,
        windowId: e.windowId,
        windowNumber: window?.number ?? 0,
        staffId: e.staffId,
        serviceIds: c.serviceIds,
        serviceCodes: services.map((s, i) => s?.code ?? c.serviceIds[i]!),
        serviceNames: services.map((s, i) => s?.name ?? c.serviceIds[i]!),
        bundleId: c.bundleId,
        bundleName: bundle?.name ?? null,
        outcome: e.outcome,
        priority: t.priority,
        takenAt: iso(t.takenAt),
        calledAt: iso(calledAt),
        startedAt: t.startedAt === null ? null : iso(t.startedAt),
        completedAt: iso(e.at),
        waitMinutes: minutes(Math.max(0, calledAt - t.queuedAt) + t.waitedMs),
        handlingMinutes: minutes(Math.max(0, e.at - (t.startedAt ?? calledAt))),
        transfers: t.transfers,
        applicantIdMasked: t.applicant.idMasked ?? null,
        applicantPhoneMasked: t.applicant.phoneMasked ?? null,
        evaluation: null,
      };
      const json = JSON.stringify(record);
      this.stmts.insertCase.run(c.caseId, t.id, t.businessDate, e.windowId, e.staffId, e.at, e.outcome, json);
      this.stmts.insertOutbox.run('case', c.caseId, json, now);
    }
  }

  /** The rating lands on each case, and goes up to the district as an update to the case. */
  private writeEvaluation(catalog: Catalog, e: Extract<HallEvent, { type: 'EvaluationSubmitted' }>, now: number): void {
    const evaluation = { level: e.level, comment: e.comment, at: iso(e.at), isDefault: e.isDefault };
    for (const caseId of e.caseIds) {
      this.stmts.rateCase.run(e.level, e.isDefault ? 1 : 0, e.at, JSON.stringify(evaluation), caseId);
      const update: CaseEvaluationUpdate = { caseId, hallId: catalog.hall.id, evaluation };
      this.stmts.insertOutbox.run('evaluation', caseId, JSON.stringify(update), now);
    }
  }

  /** Adds appointments (from a booking system or the admin console) in one transaction; returns the new ones. */
  addAppointments(list: Appointment[]): Appointment[] {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO appointments (code, date, service_ids, slot_start, slot_end, used_by_ticket_id) VALUES (?, ?, ?, ?, ?, NULL)',
    );
    return this.db.transaction(() => list.filter((a) => insert.run(a.code, a.date, JSON.stringify(a.serviceIds), a.slotStart, a.slotEnd).changes === 1))();
  }

  /**
   * Rebuilds the in-memory hall from the read tables: the current day's tickets, the windows, today's cases
   * and figures. Only the current day is read, so start-up does not grow with the history kept.
   */
  loadState(catalog: Catalog): HallState {
    const state = initialState(catalog);
    const day = this.db.prepare('SELECT * FROM hall_day WHERE id = 1').get() as
      | { business_date: string | null; day_open: number; case_counter: number; next_ordinal: number }
      | undefined;
    if (day) {
      state.businessDate = day.business_date;
      state.dayOpen = day.day_open === 1;
      state.caseCounter = day.case_counter;
      state.nextOrdinal = day.next_ordinal;
    }
    for (const row of this.db.prepare('SELECT doc FROM windows_state').all() as { doc: string }[]) {
      const w = JSON.parse(row.doc) as WindowRuntime;
      if (catalog.windows.has(w.id)) state.windows.set(w.id, w);
    }
    const appts = this.db
      .prepare('SELECT * FROM appointments WHERE date >= ?')
      .all(state.businessDate ?? '0000-00-00') as { code: string; date: string; service_ids: string; slot_start: number; slot_end: number; used_by_ticket_id: string | null }[];
    for (const a of appts) {
      state.appointments.set(a.code, {
        code: a.code,
        date: a.date,
        serviceIds: JSON.parse(a.service_ids),
        slotStart: a.slot_start,
        slotEnd: a.slot_end,
        usedByTicketId: a.used_by_ticket_id,
      });
    }
    if (!state.businessDate) return state;
    const date = state.businessDate;
    const tickets = (this.db.prepare('SELECT doc FROM tickets WHERE business_date = ? ORDER BY taken_at, rowid').all(date) as { doc: string }[]).map(
      (r) => JSON.parse(r.doc) as Ticket,
    );
    // Numbers, caps and the taken figure count each ticket as it was taken, as the live hall did: the
    // rows hold tickets as they are now (a transfer or a completion may have changed their matters).
    const taken = this.db.prepare("SELECT payload FROM events WHERE business_date = ? AND type = 'TicketTaken' ORDER BY seq").all(date) as { payload: string }[];
    for (const row of taken) countTaken(state, (JSON.parse(row.payload) as Extract<HallEvent, { type: 'TicketTaken' }>).ticket);
    for (const t of tickets) {
      state.tickets.set(t.id, t);
      advanceOrdinal(state, t.ordinal);
      if (t.state === 'waiting') enqueue(state, t);
      if (t.state === 'noShow') {
        state.figures.noShows++;
        state.noShowIds.add(t.id);
      }
    }
    // In commit order (rowid), so the handling times and each window's last ticket follow the live order.
    const cases = this.db
      .prepare('SELECT case_id, ticket_id, window_id, evaluation_level FROM cases WHERE business_date = ? ORDER BY rowid')
      .all(date) as { case_id: string; ticket_id: string; window_id: string; evaluation_level: number | null }[];
    // The counters follow from the day's rows (the day row is written only when the day opens or closes).
    state.caseCounter = cases.length;
    for (const c of cases) state.cases.set(c.case_id, { ticketId: c.ticket_id, evaluated: c.evaluation_level !== null });
    this.loadFigures(state, cases);
    this.loadRecentCalls(state, date);
    return state;
  }

  private loadFigures(state: HallState, cases: { ticket_id: string; window_id: string; evaluation_level: number | null }[]): void {
    // Each completed ticket once, in the order it completed (its first case row).
    const completed = new Set<string>();
    for (const c of cases) {
      const t = state.tickets.get(c.ticket_id);
      if (!t || t.state !== 'completed' || completed.has(t.id)) continue;
      completed.add(t.id);
      countServed(state, t);
    }
    // Evaluations count once per rated ticket, as EvaluationSubmitted does.
    const ratedTickets = new Map<string, { windowId: string; level: number }>();
    for (const c of cases) if (c.evaluation_level !== null) ratedTickets.set(c.ticket_id, { windowId: c.window_id, level: c.evaluation_level });
    for (const r of ratedTickets.values()) {
      const f = state.figures.perWindow.get(r.windowId);
      if (!f) continue;
      f.evaluations++;
      if (r.level >= 3) f.satisfied++;
    }
  }

  private loadRecentCalls(state: HallState, date: string): void {
    const rows = this.db
      .prepare("SELECT payload FROM events WHERE business_date = ? AND type IN ('TicketCalled', 'TicketRecalled') ORDER BY seq DESC LIMIT 20")
      .all(date) as { payload: string }[];
    for (const row of rows.reverse()) {
      const e = JSON.parse(row.payload) as Extract<HallEvent, { type: 'TicketCalled' | 'TicketRecalled' }>;
      const t = state.tickets.get(e.ticketId);
      if (!t) continue;
      state.recentCalls.push({ ticketId: t.id, number: t.number, windowId: e.windowId, at: e.at, recall: e.type === 'TicketRecalled' });
    }
  }

  /**
   * Folds the whole event log from the start: the check that the read tables are a true projection. A
   * date the hall goes back to (a forced open of an earlier date) is folded again from its own events, as
   * the Hall reads it back from its rows; the windows stay as the log left them.
   */
  replayAll(catalog: Catalog): HallState {
    const state = initialState(catalog);
    const byDate = new Map<string, HallEvent[]>();
    const iter = this.db.prepare('SELECT business_date, payload FROM events ORDER BY seq').iterate() as IterableIterator<{ business_date: string | null; payload: string }>;
    for (const row of iter) {
      const e = JSON.parse(row.payload) as HallEvent;
      const past = e.type === 'DayOpened' && e.businessDate !== state.businessDate ? byDate.get(e.businessDate) : undefined;
      if (past) {
        const windows = new Map(state.windows);
        for (const p of past) evolve(state, p);
        state.windows = windows;
      }
      evolve(state, e);
      const key = row.business_date ?? '';
      const list = byDate.get(key);
      if (list) list.push(e);
      else byDate.set(key, [e]);
    }
    return state;
  }
}
