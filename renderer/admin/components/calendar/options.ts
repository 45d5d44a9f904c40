import { computed } from 'vue';
import { useAdminStore } from '../../stores/admin';

/** The catalogue's windows, clerks and matters as the roster forms offer them. */
export function useRosterOptions() {
  const admin = useAdminStore();
  const windows = computed(() => (admin.catalog?.windows ?? []).map((w) => ({ id: w.id, label: w.name.startsWith(`${w.number}号`) ? w.name : `${w.number}号 ${w.name}`, hint: w.comprehensive ? '综合窗口' : '' })));
  const staff = computed(() =>
    (admin.catalog?.staff ?? []).filter((s) => s.role === 'clerk').map((s) => ({ id: s.id, label: s.name, hint: s.employeeNo ? `工号 ${s.employeeNo}` : '' })),
  );
  const services = computed(() => (admin.catalog?.services ?? []).map((s) => ({ id: s.id, label: s.name, hint: s.code })));
  const windowLabel = (id: string) => windows.value.find((w) => w.id === id)?.label ?? id;
  const staffLabel = (id: string) => staff.value.find((s) => s.id === id)?.label ?? (admin.catalog?.staff.find((s) => s.id === id)?.name ?? id);
  return { windows, staff, services, windowLabel, staffLabel };
}
