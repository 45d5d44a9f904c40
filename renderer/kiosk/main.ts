import { bootDevicePage, numberParam } from '../shared/boot';
import { useAnnouncerStore } from '../shared/stores/announcer';
import { createVoicePlayer } from '../shared/voice/player';
import KioskApp from './KioskApp.vue';
import { useKioskStore } from './stores/kiosk';

void bootDevicePage({
  page: 'kiosk',
  root: KioskApp,
  // `?idle=` (seconds) shortens the return to the start screen for a demonstration.
  props: { idleMs: numberParam('idle', 60, 10, 600) * 1000 },
  setup(client, pinia) {
    const kiosk = useKioskStore(pinia);
    kiosk.bind(client);
    kiosk.useBridge(window.yichuang ?? null);
    useAnnouncerStore(pinia).usePlayer(createVoicePlayer());
  },
});
