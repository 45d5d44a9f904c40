import { bootDevicePage } from '../shared/boot';
import { useAnnouncerStore } from '../shared/stores/announcer';
import { createVoicePlayer, type VoiceMode } from '../shared/voice/player';
import DisplayApp from './DisplayApp.vue';
import { useDisplayStore } from './stores/display';

declare global {
  interface Window {
    /** The announcements this display made, for tests and for checking a hall's set-up. */
    __yichuangAnnouncements?: unknown[];
  }
}

const params = new URLSearchParams(window.location.search);
const windowParam = params.get('window');
const voice = params.get('voice');

void bootDevicePage({
  page: windowParam ? `display-window-${windowParam}` : 'display',
  root: DisplayApp,
  setup(client, pinia) {
    useDisplayStore(pinia).bind(client, windowParam && /^\d{1,3}$/.test(windowParam) ? Number(windowParam) : null);
    const announcer = useAnnouncerStore(pinia);
    // `?voice=system` prefers the machine's Chinese voice, `?voice=chime` only chimes.
    const prefer: VoiceMode = voice === 'system' || voice === 'chime' ? voice : 'pack';
    announcer.usePlayer(createVoicePlayer({ prefer }));
    window.__yichuangAnnouncements = announcer.log;
  },
});
