/** Ticket printing on the hall server: the print service (the `ticket:print` command is in ./handlers). */
export {
  createPrintService,
  type PrinterStatusView,
  type PrintService,
  type PrintServiceDeps,
  type ServicePrinter,
} from './print-service';
