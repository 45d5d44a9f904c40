/**
 * Ticket printing (Node side: the hall server and the Electron main process).
 * Pages and the preload import `./types` only.
 */
export * from './types';
export { printerConfigSchema, ticketPrintDataSchema } from './schemas';
export { layoutTicket, type LayoutOp, type TicketLayout } from './layout';
export { renderEscPos } from './escpos';
export { createTicketPrinter, printTicket, renderTicket, PrinterConfigError, type TicketPrinter, type TicketPrinterDeps } from './ticket-printer';
export { DEMO_TICKET } from './demo-ticket';
