// Fetches the Electron binary where the network allows it.
//
// package.json's `allowScripts` keeps electron's own install script from running, because that script
// fails the whole `npm install` on a machine that reaches only the npm registry. This postinstall runs
// the same download, bounded in time, and says plainly when it cannot: everything but launching the
// desktop shell works without the binary (the hall server, the terminals in a browser, all the tests).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let electronDir;
try {
  electronDir = path.dirname(require.resolve('electron/package.json'));
} catch {
  process.exit(0); // production install without devDependencies: nothing to fetch
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('[yichuang] ELECTRON_SKIP_BINARY_DOWNLOAD is set: not fetching the Electron binary.');
  process.exit(0);
}
if (existsSync(path.join(electronDir, 'path.txt'))) process.exit(0); // already there

const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
  stdio: ['ignore', 'ignore', 'pipe'],
  timeout: Number(process.env.YICHUANG_ELECTRON_FETCH_TIMEOUT_MS ?? 180_000),
});
if (result.status === 0 && existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('[yichuang] Electron binary installed.');
} else {
  const why = result.error?.message ?? (result.stderr?.toString().trim().split("\n")[0] || `exit ${result.status}`);
  console.log(
    `[yichuang] The Electron binary could not be downloaded (${why}).\n` +
      '[yichuang] Everything but `npm run app` and `npm run dist` works without it; ' +
      'run `node node_modules/electron/install.js` where GitHub is reachable.',
  );
}
process.exit(0);
