import { bootDevicePage } from '../shared/boot';
import { useAnnouncerStore } from '../shared/stores/announcer';
import { createVoicePlayer } from '../shared/voice/player';
import EvalApp from './EvalApp.vue';
import { useEvaluationStore } from './stores/evaluation';

void bootDevicePage({
  page: 'eval',
  root: EvalApp,
  setup(client, pinia) {
    useEvaluationStore(pinia).bind(client);
    useAnnouncerStore(pinia).usePlayer(createVoicePlayer());
  },
});
