/** Ticket printing on the hall server: the print service and the `ticket:print` socket command. */
export {
  createPrintService,
  networkPrinterOf,
  PRINT_COMMAND,
  type PrintAnswer,
  type PrintCommand,
  type PrinterProbe,
  type PrinterStatusView,
  type PrintService,
  type PrintServiceDeps,
  type ServicePrinter,
} from './print-service';
export { registerPrintingHandlers } from './handlers';
