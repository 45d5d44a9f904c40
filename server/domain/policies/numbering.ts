/**
 * The number printed on a ticket: the queue group's letter and its day counter, zero-padded to the
 * group's digits (A001, B0012). The counter starts again every business day.
 */
export function ticketNumber(groupId: string, issuedToday: number, digits: number): string {
  return `${groupId}${String(issuedToday + 1).padStart(digits, '0')}`;
}
