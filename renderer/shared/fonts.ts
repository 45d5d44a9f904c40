/**
 * When a terminal's text may be seen. The page draws its first frame from the HTML alone (the
 * terminal's name, in glyphs the build inlines and preloads: vite.config.ts, `firstFrame`), while the
 * script loads. The typeface's long `@font-face` list (./type-faces.ts) is loaded here, after that frame,
 * and the app stays hidden under the first frame (`html:not(.type-ready) #app`, first-frame.css) until
 * its text has its glyphs: a machine without a Chinese system font would otherwise show empty boxes,
 * and one with a system font would show it and then visibly jump to the hall's own type.
 */

/** Shown anyway after this long (the browser's own block period for a face: then its fallback). */
const REVEAL_DEADLINE_MS = 3000;
const READY_CLASS = 'type-ready';

/** Resolves once `el` has children (the app has mounted into it). */
function mounted(el: Element): Promise<void> {
  if (el.firstElementChild) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!el.firstElementChild) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(el, { childList: true });
  });
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

async function typeReady(app: Element, faces: Promise<unknown>): Promise<void> {
  await faces;
  await mounted(app);
  // Style and lay out the mounted app now (hidden, it is still laid out), so the browser starts
  // fetching the chunks its text needs; `fonts.ready` then waits for exactly those.
  void (app as HTMLElement).offsetHeight;
  await nextFrame();
  await document.fonts.ready;
}

/**
 * The app's own stylesheets, which the build fetches as preloads so they do not hold back the first
 * frame (vite.config.ts, `firstFrame`): applied here, in their order and place, and awaited.
 */
function applyAppStyles(): Promise<unknown> {
  const preloads = [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="style"][data-app-style]')];
  return Promise.all(
    preloads.map(
      (pre) =>
        new Promise<void>((resolve) => {
          const link = document.createElement('link');
          link.rel = 'stylesheet';
          if (pre.crossOrigin !== null) link.crossOrigin = pre.crossOrigin;
          link.href = pre.href;
          // A stylesheet that fails to load must not keep the terminal from starting.
          link.addEventListener('load', () => resolve());
          link.addEventListener('error', () => resolve());
          pre.after(link);
        }),
    ),
  );
}

/** Loads the face list and reveals the app when its text can be drawn in the hall's type. */
function revealWhenTypeReady(): void {
  const faces = import('./type-faces');
  const root = document.documentElement;
  const app = document.getElementById('app');
  if (!app || !('fonts' in document)) {
    void faces.finally(() => root.classList.add(READY_CLASS));
    return;
  }
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, REVEAL_DEADLINE_MS));
  void Promise.race([typeReady(app, faces), deadline])
    .catch(() => undefined)
    .then(() => root.classList.add(READY_CLASS));
}

revealWhenTypeReady();
// Top-level await: the page's script, which imports this module first, mounts the app only once its
// stylesheets apply (components measure themselves when they mount).
await applyAppStyles();

// A module (top-level await needs one), with nothing to import.
export {};
