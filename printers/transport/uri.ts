/** Where a printer is, parsed from `PrinterConfig.uri`. */
export type PrinterTarget =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'device'; path: string }
  | { kind: 'file'; path: string };

/** Parses a printer URI (already validated by `printerConfigSchema`). */
export function parsePrinterUri(uri: string): PrinterTarget {
  const tcp = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/]+):(\d{1,5})$/.exec(uri);
  if (tcp) {
    const port = Number(tcp[2]);
    if (port < 1 || port > 65535) throw new RangeError(`bad port in ${uri}`);
    return { kind: 'tcp', host: tcp[1]!.replace(/^\[|\]$/g, ''), port };
  }
  if (uri.startsWith('file:')) return { kind: 'file', path: uri.slice('file:'.length).replace(/^\/\/(?=\/)/, '') };
  if (uri.startsWith('/dev/')) return { kind: 'device', path: uri };
  throw new RangeError(`unsupported printer URI: ${uri}`);
}
