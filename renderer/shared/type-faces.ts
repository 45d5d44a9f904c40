/**
 * The hall's CJK typeface, self-hosted from npm: Noto Sans SC, regular and bold. Fontsource splits it by
 * unicode range (about a hundred `@font-face` rules per weight, 200 KB of CSS), so a page downloads only
 * the chunks holding the glyphs it shows, and a minimal Linux kiosk renders exactly what a Windows desk
 * does. Loaded by `fonts.ts` after the first frame, never as a render-blocking stylesheet; imported
 * from code, not from CSS, so the Vite plugin in vite.config.ts can rewrite the rules.
 */
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
