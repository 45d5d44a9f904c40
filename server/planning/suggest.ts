import type { PlannerWindow, RosterHour } from '../../protocol/planner';
import type { PlanFigures } from '../simulation/planner';

/**
 * The smallest roster per hour that meets a target (排班建议). Hour by hour from the morning: the hour's
 * window count is the smallest k (by bisection) for which, with the hours before at their chosen counts
 * and the hours after at every window, every group's p90 wait in this hour and in the hours before still
 * meets the target. Which k windows: those that can serve the most of the hour's expected work, the
 * calendar's current windows first among equals. Hours that no roster can fix (even every window fails)
 * keep every window and are reported. The evaluations share one seed (common random numbers), so two
 * rosters are compared on the same citizens and the bisection is not fooled by noise.
 */

export interface SuggestInput {
  hours: readonly number[];
  windows: readonly PlannerWindow[];
  current: readonly RosterHour[];
  /** Work expected per hour and group (tickets × mean minutes), to rank the windows by what they can take. */
  work: (hour: number, groupId: string) => number;
  targetP90Min: number;
  evaluate: (roster: RosterHour[]) => Promise<PlanFigures>;
}

export interface SuggestResult {
  roster: RosterHour[];
  unreachableHours: number[];
  evaluations: number;
}

/** True when every group with tickets in `hour` has its p90 wait within the target. */
export function hourMeets(figures: PlanFigures, hour: number, targetP90Min: number): boolean {
  return figures.byHourAndGroup.filter((f) => f.hour === hour && f.taken > 0).every((f) => f.waitP90Min !== null && f.waitP90Min <= targetP90Min);
}

export async function suggestRoster(input: SuggestInput): Promise<SuggestResult> {
  const { hours, targetP90Min } = input;
  let evaluations = 0;
  const evaluate = (r: RosterHour[]) => {
    evaluations++;
    return input.evaluate(r);
  };
  const ranked = new Map(hours.map((h) => [h, rankWindows(input, h)]));
  const counts = new Map(hours.map((h) => [h, ranked.get(h)!.length]));
  const rosterOf = () => hours.map((h) => ({ hour: h, windowIds: ranked.get(h)!.slice(0, counts.get(h)!) }));

  const full = await evaluate(rosterOf());
  const unreachable = hours.filter((h) => !hourMeets(full, h, targetP90Min));
  const checked: number[] = [];
  for (const h of hours) {
    if (unreachable.includes(h)) continue;
    checked.push(h);
    // Smallest k in 0..n with the target met, knowing n meets it: lo fails (−1 by definition), hi meets.
    let lo = -1;
    let hi = ranked.get(h)!.length;
    while (hi - lo > 1) {
      const k = Math.floor((lo + hi) / 2);
      counts.set(h, k);
      const f = await evaluate(rosterOf());
      if (checked.every((c) => hourMeets(f, c, targetP90Min))) hi = k;
      else lo = k;
    }
    counts.set(h, hi);
  }
  return { roster: rosterOf(), unreachableHours: unreachable, evaluations };
}

/** The hour's windows, most useful first: by the expected work they can serve, then the current roster, then catalogue order. */
function rankWindows(input: SuggestInput, hour: number): string[] {
  const current = new Set(input.current.find((r) => r.hour === hour)?.windowIds ?? []);
  return input.windows
    .map((w, i) => ({ id: w.id, i, work: w.groupIds.reduce((s, g) => s + input.work(hour, g), 0), current: current.has(w.id) }))
    .filter((w) => w.work > 0 || w.current)
    .sort((a, b) => b.work - a.work || Number(b.current) - Number(a.current) || a.i - b.i)
    .map((w) => w.id);
}
