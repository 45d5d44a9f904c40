/** What to do with an incoming event. */
export type SeqVerdict =
  /** The next one: apply it. */
  | 'apply'
  /** Already covered by the snapshot or seen before: drop it. */
  | 'ignore'
  /** A snapshot is on its way: keep it until the snapshot arrives. */
  | 'buffer'
  /** One or more events were missed: ask for a fresh snapshot. */
  | 'gap';

/**
 * Keeps a terminal's events in order. The server numbers its events (`seq` rises by one per event); a
 * terminal applies each in turn, and when it sees a gap it asks for a snapshot and holds what arrives
 * meanwhile, then replays what the snapshot does not already cover. A display's feed has two kinds of
 * entry (the `hall:event` pushes and the `call` pushes that take the place of the feed's copy of a call),
 * so the entries are anything with a `seq`. Pure: no socket, no timers.
 */
export class SeqSync<Push extends { seq: number }> {
  private last: number | null = null;
  private waiting = false;
  private held: Push[] = [];

  /** The seq of the last snapshot or event applied, or null before the first snapshot. */
  get lastSeq(): number | null {
    return this.last;
  }

  /** True while a snapshot has been asked for and not yet arrived. */
  get resyncing(): boolean {
    return this.waiting;
  }

  /** Judges an event; 'gap' also switches to holding events until the snapshot comes. */
  onEvent(push: Push): SeqVerdict {
    if (this.last === null || this.waiting) {
      this.held.push(push);
      return 'buffer';
    }
    if (push.seq <= this.last) return 'ignore';
    if (push.seq === this.last + 1) {
      this.last = push.seq;
      return 'apply';
    }
    this.waiting = true;
    this.held.push(push);
    return 'gap';
  }

  /** A resync was asked for (or a reconnect is under way): hold events until the snapshot. */
  expectSnapshot(): void {
    this.waiting = true;
  }

  /**
   * A snapshot arrived. Returns the held events that follow it without a gap, to apply in order, and
   * whether a gap remains among them (then ask again).
   */
  onSnapshot(seq: number): { replay: Push[]; gap: boolean } {
    this.last = seq;
    this.waiting = false;
    const held = [...this.held].sort((a, b) => a.seq - b.seq);
    this.held = [];
    const replay: Push[] = [];
    for (const push of held) {
      if (push.seq <= this.last) continue;
      if (push.seq !== this.last + 1) return { replay, gap: true };
      replay.push(push);
      this.last = push.seq;
    }
    return { replay, gap: false };
  }
}
