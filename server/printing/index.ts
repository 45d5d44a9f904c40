/** Ticket printing on the hall server: the print service and the `ticket:print` socket command. */
export {
  createPrintService,
  networkPrinterOf,
  PRINT_COMMAND_ERRORS,
  type PrintAnswer,
  type PrintCommand,
  type PrintCommandErrorCode,
  type PrinterStatusView,
  type PrintService,
  type PrintServiceDeps,
  type ServicePrinter,
} from './print-service';
export { registerPrintingHandlers, ticketPrintCommandSchema } from './handlers';
