// electron-builder `beforeBuild` hook. The shell is bundled by esbuild into dist-electron/ (zod, pino,
// the printer module and their dependencies are inlined) and uses no native module, so the package
// needs nothing from node_modules: answering false tells electron-builder neither to copy the
// project's production dependencies (the hall server's: better-sqlite3, socket.io, ...) into
// app.asar nor to rebuild native modules for Electron's ABI. See docs/electron.md, "What the package holds".
'use strict';
module.exports = async function beforeBuild() {
  return false;
};
