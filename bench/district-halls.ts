import type { HallKey } from '../cloud/config';

/** The benchmark district's halls: `hall-001`… with a key each, shared by the receiver and the senders. */
export function benchHallKeys(count: number): Map<string, HallKey> {
  const halls = new Map<string, HallKey>();
  for (let i = 1; i <= count; i++) {
    const hallId = `hall-${String(i).padStart(3, '0')}`;
    halls.set(hallId, { hallId, key: `bench-district-key-${hallId}-0123456789` });
  }
  return halls;
}
