import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CalendarDayView } from '../../../protocol/calendar';
import type { ForecastCell, PlannerFigures, PlannerRunRequest, PlannerSetup, PlannerSuggestion, PlannerSuggestRequest, RosterHour } from '../../../protocol/planner';
import { useApi } from './session';

/** 排班测算: the date's setup, the forecast and roster as the manager edits them, the figures, a suggestion. */
export const usePlannerStore = defineStore('planner', () => {
  // Empty until the first load: the server opens on the hall's next Saturday (its clock, not the browser's).
  const date = ref('');
  const setup = shallowRef<PlannerSetup | null>(null);
  const forecast = ref<ForecastCell[]>([]);
  const roster = ref<RosterHour[]>([]);
  const scale = ref(1);
  const replications = ref(40);
  const target = ref(15);
  const figures = shallowRef<PlannerFigures | null>(null);
  const suggestion = shallowRef<PlannerSuggestion | null>(null);
  const error = ref<string | null>(null);
  const saved = ref<CalendarDayView | null>(null);
  const busy = ref<'load' | 'run' | 'suggest' | 'save' | null>(null);

  async function load(): Promise<void> {
    busy.value = 'load';
    error.value = null;
    const r = await useApi().get<{ setup: PlannerSetup }>(date.value ? `/planner?date=${date.value}` : '/planner');
    busy.value = null;
    figures.value = null;
    suggestion.value = null;
    saved.value = null;
    if (!r.ok) {
      setup.value = null;
      error.value = r.error.message;
      return;
    }
    setup.value = r.setup;
    date.value = r.setup.date;
    forecast.value = r.setup.forecast.map((c) => ({ ...c }));
    roster.value = r.setup.roster.map((x) => ({ hour: x.hour, windowIds: [...x.windowIds] }));
  }

  const body = (): PlannerRunRequest => ({ date: date.value, scale: scale.value, forecast: forecast.value, roster: roster.value, replications: replications.value });

  async function run(): Promise<void> {
    busy.value = 'run';
    error.value = null;
    const r = await useApi().send<{ figures: PlannerFigures }>('POST', '/planner/run', body());
    busy.value = null;
    if (!r.ok) error.value = r.error.message;
    else figures.value = r.figures;
  }

  async function suggest(): Promise<void> {
    busy.value = 'suggest';
    error.value = null;
    const req: PlannerSuggestRequest = { ...body(), targetP90Min: target.value };
    const r = await useApi().send<{ suggestion: PlannerSuggestion }>('POST', '/planner/suggest', req);
    busy.value = null;
    if (!r.ok) error.value = r.error.message;
    else suggestion.value = r.suggestion;
  }

  /** Saves the suggestion as the date's roster; the page then shows the calendar's roster as it now is. */
  async function save(): Promise<void> {
    if (!suggestion.value) return;
    busy.value = 'save';
    error.value = null;
    const r = await useApi().send<{ day: CalendarDayView }>('PUT', `/planner/roster/${date.value}`, { roster: suggestion.value.roster });
    busy.value = null;
    if (!r.ok) {
      error.value = r.error.message;
      return;
    }
    const kept = suggestion.value;
    await load();
    saved.value = r.day;
    suggestion.value = kept;
  }

  return { date, setup, forecast, roster, scale, replications, target, figures, suggestion, error, saved, busy, load, run, suggest, save };
});
