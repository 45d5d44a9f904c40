import type { Page } from 'playwright-core';

/**
 * What does not fit on a page as the citizen or clerk sees it:
 * - an element marked `data-primary` (the action the screen is for) that is shown but not wholly inside
 *   the viewport, or covered at its centre by something else (a notice bar over it);
 * - an element marked `data-fit` (a line that must be read: the waiting count) that is not wholly visible;
 * - a box holding text whose text is wider than the box (`scrollWidth > clientWidth`), clipped or spilling.
 * Returns one line per problem, empty when everything fits.
 */
export async function fitProblems(page: Page): Promise<string[]> {
  // A string: these files are type-checked for Node, which has no `document`.
  return page.evaluate(`(() => {
    const out = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const name = (el) => {
      const id = el.getAttribute('data-testid') || el.getAttribute('data-action') || el.getAttribute('data-level') || el.className || el.tagName;
      return el.tagName.toLowerCase() + '[' + id + '] "' + (el.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 30) + '"';
    };
    const shown = (el) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
    };
    const inside = (r) => r.left >= -0.5 && r.top >= -0.5 && r.right <= vw + 0.5 && r.bottom <= vh + 0.5;
    for (const el of document.querySelectorAll('[data-primary], [data-fit]')) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      const box = Math.round(r.left) + ',' + Math.round(r.top) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height);
      if (!inside(r)) { out.push('outside the viewport: ' + name(el) + ' at ' + box); continue; }
      // The centre and four points near the corners: a bar over its lower half covers it too.
      for (const [fx, fy] of [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]]) {
        const hit = document.elementFromPoint(r.left + r.width * fx, r.top + r.height * fy);
        if (hit && hit !== el && !el.contains(hit)) { out.push('covered: ' + name(el) + ' under ' + name(hit)); break; }
      }
    }
    for (const el of document.querySelectorAll('body *')) {
      const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
      if (!text) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'inline' || cs.display === 'contents' || !shown(el)) continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push('text wider than its box: ' + name(el) + ' ' + el.scrollWidth + ' > ' + el.clientWidth);
    }
    return out;
  })()`);
}
