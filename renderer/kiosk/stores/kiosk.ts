import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { KioskCatalog, Material, PriorityClass, ServiceCategory } from '../../../protocol/catalog';
import type { KioskSnapshot, TakeResult } from '../../../protocol/views';
import { errorText } from '../../shared/i18n';
import type { HallClient } from '../../shared/socket/hall-client';
import { newRequestId } from '../../shared/socket/request-id';
import { useConnectionStore } from '../../shared/stores/connection';
import { useHallStore } from '../../shared/stores/hall';
import { buildSearchIndex, searchIndex, type SearchEntry } from '../search';
import { printTicket, type PrintBridge, type PrintState } from './print';

export type KioskScreen = 'home' | 'category' | 'search' | 'appointment' | 'confirm' | 'ticket';
export type Choice = { kind: 'service'; id: string } | { kind: 'bundle'; id: string } | { kind: 'appointment' };
export type DeclaredPriority = Exclude<PriorityClass, 'appointment'>;

/** A material to bring, merged across the chosen matters. */
export interface MaterialLine extends Material {
  /** Which of the chosen matters ask for it (a bundle lists several). */
  forServices: string[];
}

/** Merges the materials of several matters: one line per material name. */
export function mergeMaterials(services: { name: string; materials: Material[] }[]): MaterialLine[] {
  const lines = new Map<string, MaterialLine>();
  for (const s of services) {
    for (const m of s.materials) {
      const line = lines.get(m.name);
      if (line) {
        line.forServices.push(s.name);
        line.copies = Math.max(line.copies, m.copies);
      } else lines.set(m.name, { ...m, forServices: [s.name] });
    }
  }
  return [...lines.values()];
}

/**
 * A phone number as the screen shows it while it is typed: the fourth to seventh digits are never drawn,
 * so a person behind the citizen does not read the number (138 **** 5678).
 */
export function maskTypedPhone(digits: string): string {
  const shown = [...digits].map((d, i) => (i >= 3 && i < 7 ? '*' : d)).join('');
  return [shown.slice(0, 3), shown.slice(3, 7), shown.slice(7)].filter((p) => p).join(' ');
}

/**
 * The kiosk's flow for one citizen: choose (a bundle, a category's matter, a search, an appointment),
 * see the materials, optionally declare a priority class, an ID number and a phone number for text
 * messages, take the ticket, print it.
 * `reset()` forgets everything about that citizen.
 */
export const useKioskStore = defineStore('kiosk', () => {
  const catalog = shallowRef<KioskCatalog | null>(null);
  const device = shallowRef<KioskSnapshot['device'] | null>(null);
  /** Whether the hall sends text messages: the phone number is asked for only then. */
  const textMessages = ref(false);
  const phoneCallbackDays = ref(0);
  const index = shallowRef<SearchEntry[]>([]);
  const bridge = shallowRef<PrintBridge | null>(null);

  const screen = ref<KioskScreen>('home');
  const category = ref<ServiceCategory | null>(null);
  const query = ref('');
  const choice = ref<Choice | null>(null);
  const priority = ref<DeclaredPriority>('none');
  const idNumber = ref('');
  /** Digits only, at most 11; sent as `phone` (optional, for the hall's text messages). */
  const phone = ref('');
  const appointmentCode = ref('');
  const taking = ref(false);
  const error = ref<string | null>(null);
  const result = shallowRef<TakeResult | null>(null);
  const print = ref<PrintState>({ state: 'idle', message: null, attempts: 0 });
  const elderly = ref(false);
  const page = ref(0);
  let requestId: string | null = null;

  const bundles = computed(() => catalog.value?.bundles ?? []);
  const categories = computed(() => catalog.value?.categories ?? []);
  const servicesInCategory = computed(() => (catalog.value?.services ?? []).filter((s) => s.category === category.value));
  const searchResults = computed(() => searchIndex(index.value, query.value));
  const chosenServices = computed(() => {
    const c = choice.value;
    const all = catalog.value?.services ?? [];
    if (!c || c.kind === 'appointment') return [];
    if (c.kind === 'service') return all.filter((s) => s.id === c.id);
    const b = bundles.value.find((x) => x.id === c.id);
    return b ? b.serviceIds.map((id) => all.find((s) => s.id === id)).filter((s) => !!s) : [];
  });
  const chosenTitle = computed(() => {
    const c = choice.value;
    if (!c) return '';
    if (c.kind === 'appointment') return '预约取号';
    if (c.kind === 'bundle') return bundles.value.find((b) => b.id === c.id)?.name ?? '';
    return chosenServices.value[0]?.name ?? '';
  });
  const materials = computed(() => mergeMaterials(chosenServices.value));
  const pageSize = computed(() => (elderly.value ? 4 : 8));

  function bind(client: HallClient): void {
    client.on('snapshot', (s) => {
      if (s.role !== 'kiosk') return;
      device.value = s.device;
      textMessages.value = s.textMessages;
      phoneCallbackDays.value = s.phoneCallbackDays;
      if (catalog.value !== s.catalog) {
        catalog.value = s.catalog;
        index.value = markRaw(buildSearchIndex(s.catalog));
      }
      // A matter no longer served today (a new day, a changed roster) cannot stay chosen.
      const c = choice.value;
      if (c?.kind === 'service' && !s.catalog.services.some((x) => x.id === c.id)) reset();
      if (c?.kind === 'bundle' && !s.catalog.bundles.some((x) => x.id === c.id)) reset();
    });
  }

  function useBridge(b: PrintBridge | null): void {
    bridge.value = b ? markRaw(b) : null;
  }

  function go(next: KioskScreen): void {
    screen.value = next;
    page.value = 0;
    error.value = null;
  }

  function openCategory(id: ServiceCategory): void {
    category.value = id;
    go('category');
  }

  function openSearch(): void {
    query.value = '';
    go('search');
  }

  function choose(c: Choice): void {
    choice.value = c;
    requestId = null;
    go(c.kind === 'appointment' ? 'appointment' : 'confirm');
  }

  function back(): void {
    if (screen.value === 'confirm' || screen.value === 'appointment') {
      choice.value = null;
      priority.value = 'none';
      idNumber.value = '';
      phone.value = '';
      appointmentCode.value = '';
      go(category.value ? 'category' : query.value ? 'search' : 'home');
    } else if (screen.value === 'category' || screen.value === 'search') {
      category.value = null;
      query.value = '';
      go('home');
    }
  }

  /** Takes the ticket. A repeated tap while it is on its way does nothing; a retry reuses the requestId. */
  async function take(): Promise<void> {
    if (taking.value || !choice.value) return;
    const conn = useConnectionStore();
    const hall = useHallStore();
    if (!conn.canAct) return;
    if (hall.status && !hall.status.issuing) {
      error.value = hall.status.message ?? '已停止取号';
      return;
    }
    taking.value = true;
    error.value = null;
    requestId ??= newRequestId('take');
    const c = choice.value;
    const payload = {
      ...(c.kind === 'service' ? { serviceIds: [c.id] } : {}),
      ...(c.kind === 'bundle' ? { bundleId: c.id } : {}),
      ...(appointmentCode.value.trim() ? { appointmentCode: appointmentCode.value.trim() } : {}),
      ...(priority.value !== 'none' ? { priority: priority.value } : {}),
      ...(idNumber.value.trim() ? { idNumber: idNumber.value.trim().toUpperCase() } : {}),
      ...(phone.value && textMessages.value ? { phone: phone.value } : {}),
    };
    const ack = await conn.send('ticket:take', payload, { requestId });
    taking.value = false;
    if (!ack.ok) {
      error.value = errorText(ack.error);
      // A refusal is final for these inputs; a new attempt gets a new requestId.
      if (ack.error.code !== 'TIMEOUT' && ack.error.code !== 'OFFLINE') requestId = null;
      return;
    }
    result.value = ack;
    requestId = null;
    // The citizen's data has done its job: nothing of it stays on screen or in memory.
    idNumber.value = '';
    phone.value = '';
    go('ticket');
    await printResult(false);
  }

  /** Prints the ticket once; a reprint only when the citizen asks for one. */
  async function printResult(reprint: boolean): Promise<void> {
    const r = result.value;
    if (!r || print.value.state === 'printing') return;
    const attempts = print.value.attempts + 1;
    print.value = { state: 'printing', message: null, attempts };
    const outcome = await printTicket(r, { device: device.value, bridge: bridge.value, send: useConnectionStore().send, reprint, attempt: attempts });
    // The citizen may have left meanwhile.
    if (result.value === r) print.value = { ...outcome, attempts };
  }

  /** A digit from the phone pad; at most 11. */
  function typePhone(key: string): void {
    if (/^\d$/.test(key) && phone.value.length < 11) phone.value += key;
  }

  /** Back to the start: nothing of the last citizen is left. */
  function reset(): void {
    screen.value = 'home';
    category.value = null;
    query.value = '';
    choice.value = null;
    priority.value = 'none';
    idNumber.value = '';
    phone.value = '';
    appointmentCode.value = '';
    taking.value = false;
    error.value = null;
    result.value = null;
    print.value = { state: 'idle', message: null, attempts: 0 };
    elderly.value = false;
    page.value = 0;
    requestId = null;
  }

  return {
    catalog,
    device,
    textMessages,
    phoneCallbackDays,
    screen,
    category,
    query,
    choice,
    priority,
    idNumber,
    phone,
    appointmentCode,
    taking,
    error,
    result,
    print,
    elderly,
    page,
    pageSize,
    bundles,
    categories,
    servicesInCategory,
    searchResults,
    chosenServices,
    chosenTitle,
    materials,
    bind,
    useBridge,
    go,
    openCategory,
    openSearch,
    choose,
    back,
    take,
    typePhone,
    printResult,
    reset,
  };
});
