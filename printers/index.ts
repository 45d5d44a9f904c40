/**
 * Ticket printing (Node side: the hall server and the Electron main process). The shapes it takes and
 * answers are the print wire, `protocol/print.ts`, which pages and the preload import instead.
 */
export { layoutTicket, type LayoutOp, type TicketLayout } from './layout';
export { renderEscPos } from './escpos';
export { createTicketPrinter, printTicket, renderTicket, PrinterConfigError, type TicketPrinter, type TicketPrinterDeps } from './ticket-printer';
export { DEMO_TICKET } from './demo-ticket';
