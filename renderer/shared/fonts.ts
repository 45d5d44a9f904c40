/**
 * The hall's CJK typeface, self-hosted from npm: Noto Sans SC, regular and bold. Fontsource splits it by
 * unicode range, so a page downloads only the chunks holding the glyphs it shows, and a minimal Linux
 * kiosk renders exactly what a Windows desk does. (Imported from code, not from CSS, so the Vite
 * plugin in vite.config.ts can drop the .woff fallbacks.)
 */
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
