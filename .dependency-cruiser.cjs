// The house's boundaries, checked by `npm run lint:deps` (part of `npm test`). The picture is in
// docs/architecture.md ("Boundaries"); the reasons are in /work/shared/STYLE.md and issue 15.
//
// Test code (files named *.test.ts, test-support, testing/ folders, the test/ and e2e/ trees) may reach
// anywhere: the rules are about what ships.
//
// A rule is written as it must be. Where today's code does not keep it yet, the exact import is listed in
// `.dependency-cruiser-known-violations.json` (TEMPORARY, issue 15: the lead deletes it when the branches
// fixing them are merged; `npm run lint:deps` must then pass without it).

/** Test code: these may import anything, and production code may not import them. */
const TEST = '(\\.test\\.ts$|/test-support(/|\\.ts$)|/test-steps\\.ts$|/testing/|^test/|^e2e/)';

/** Where the hall simulator may be imported from: the estimate service, the planner, the bench. */
const SIMULATION_USERS = '^(server/simulation/|server/admin/|server/planning/|bench/|server/[^/]+/estimat[^/]*\\.ts$|server/estimates/)';

/** The electron package, resolved (also through a symlinked node_modules) or not installed. */
const ELECTRON = '(^|/)node_modules/electron/|^electron$';

module.exports = {
  forbidden: [
    {
      name: 'protocol-is-neutral',
      comment:
        'protocol/ is the one contract, imported by the server, the renderer and the shell: zod and itself only ' +
        '(no node:*, no I/O library, no server/, renderer/, printers/, main/, cloud/).',
      severity: 'error',
      from: { path: '^protocol/', pathNot: [TEST, '^protocol/district-signature\\.ts$'] },
      to: { pathNot: ['^protocol/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'district-signature-node-ends-only',
      comment:
        'protocol/district-signature.ts signs the district wire (HMAC), so it alone in protocol/ may use node:crypto; ' +
        'only the two Node ends of that wire (server/sync, cloud/) import it, never a page.',
      severity: 'error',
      from: { path: '^(renderer|main)/' },
      to: { path: '^protocol/district-signature\\.ts$' },
    },
    {
      name: 'domain-is-pure',
      comment:
        'server/domain/ is pure (state and a command in, events out): itself and protocol/ only. It needs ' +
        'no node:* module today, not even a pure one, so none is allowed; the clock and ids come in `ctx`.',
      severity: 'error',
      from: { path: '^server/domain/', pathNot: TEST },
      to: { pathNot: ['^server/domain/', '^protocol/'] },
    },
    {
      name: 'renderer-no-node',
      comment: 'renderer/ runs in a sandboxed page: no node:* builtins (and no electron: electron-only-in-main).',
      severity: 'error',
      from: { path: '^renderer/', pathNot: TEST },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-stays-in-the-browser',
      comment:
        'renderer/ imports protocol/, not the hall server, the shell, the district receiver or the printer ' +
        'drivers. printers/types.ts is the one exception: it imports nothing (rule printers-types-neutral).',
      severity: 'error',
      from: { path: '^renderer/', pathNot: TEST },
      to: { path: '^(server|main|cloud|printers)/', pathNot: '^printers/types\\.ts$' },
    },
    {
      name: 'printers-types-neutral',
      comment: 'printers/types.ts is imported by the renderer and the preload bridge: it must stay import-free.',
      severity: 'error',
      from: { path: '^printers/types\\.ts$' },
      to: {},
    },
    {
      name: 'electron-only-in-the-shell-adapters',
      comment:
        'In main/ only the adapter (main process) and the preload entry import electron at runtime; every ' +
        'other file takes ports and runs under plain Node (and is tested so). `import type` is erased.',
      severity: 'error',
      from: { path: '^main/', pathNot: ['^main/(electron-adapter|preload)\\.ts$', TEST] },
      to: { path: ELECTRON, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'electron-only-in-main',
      comment: 'Nothing outside main/ imports electron at runtime (the renderer reaches the shell through the preload bridge).',
      severity: 'error',
      from: { pathNot: ['^main/', TEST] },
      to: { path: ELECTRON, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cloud-not-into-the-hall-server',
      comment:
        "cloud/ is the district's receiver: it shares the wire formats through protocol/, never the hall " +
        "server's internals.",
      severity: 'error',
      from: { path: '^cloud/', pathNot: TEST },
      to: { path: '^server/' },
    },
    {
      name: 'schedule-and-admin-not-into-realtime',
      comment:
        'server/schedule/ and server/admin/ act through the hall (Hall.execute) and their own ports, not ' +
        'through the socket.io boundary.',
      severity: 'error',
      from: { path: '^server/(schedule|admin)/', pathNot: TEST },
      to: { path: '^server/realtime/' },
    },
    {
      name: 'store-is-below-the-boundaries',
      comment: 'server/store/ is persistence: it knows nothing of sockets, HTTP or the admin console.',
      severity: 'error',
      from: { path: '^server/store/', pathNot: TEST },
      to: { path: '^server/(realtime|http|admin)/' },
    },
    {
      name: 'simulation-imports-only-the-domain',
      comment: 'The hall simulator runs the pure domain forward: server/domain/, protocol/ and itself only.',
      severity: 'error',
      from: { path: '^server/simulation/', pathNot: TEST },
      to: { pathNot: ['^server/(simulation|domain)/', '^protocol/'] },
    },
    {
      name: 'simulation-used-by-estimate-planner-bench',
      comment: 'Only the estimate service, the staffing planner and the bench run the simulator.',
      severity: 'error',
      from: { pathNot: [SIMULATION_USERS, TEST] },
      to: { path: '^server/simulation/' },
    },
    {
      name: 'no-test-code-in-production',
      comment:
        'Production code does not import tests or test support. bench/ and scripts/ are tools run from the ' +
        'repository, not shipped: they may use the test harnesses (bench/sync.ts drives the sync soak).',
      severity: 'error',
      from: { pathNot: [TEST, '^(bench|scripts)/'] },
      to: { path: TEST },
    },
    {
      name: 'no-circular-in-server',
      comment:
        'No import cycle at runtime within server/ (module initialisation order must not matter). Cycles ' +
        'made only with `import type` are erased by the compiler and allowed: the domain has one today ' +
        '(types.ts ⇄ queue-index.ts ⇄ eligibility.ts, through HallState and LineCache).',
      severity: 'error',
      from: { path: '^server/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    // `import type` is seen (and labelled type-only) so the rules can tell it from a runtime import.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-electron|release)/' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.vue', '.js', '.mjs', '.cjs', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    cache: false,
  },
};
