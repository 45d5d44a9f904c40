import { pathToFileURL } from 'node:url';

/**
 * Runs one bench part when its file is started directly (`npx tsx bench/pages.ts`): prints its figures as
 * JSON and exits (a part may leave handles open, such as a pool or a browser's pipes). Imported by
 * bench/run.ts, the part does nothing here.
 */
export function runAlone(moduleUrl: string, run: () => Promise<unknown>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  run().then(
    (figures) => {
      console.log(JSON.stringify(figures, null, 2));
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
