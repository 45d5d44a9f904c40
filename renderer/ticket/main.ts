import { createPinia } from 'pinia';
import { createApp } from 'vue';
import '../shared/fonts';
import '../shared/styles/base.css';
import TicketStatusApp from './TicketStatusApp.vue';
import { ticketIdFromPath, useTicketStatusStore } from './stores/ticket-status';

// The public status page needs no token: it reads `GET /api/tickets/:id`, which holds no personal data.
const pinia = createPinia();
const app = createApp(TicketStatusApp);
app.use(pinia);
const id = ticketIdFromPath(window.location.pathname);
if (id) void useTicketStatusStore(pinia).follow(id);
app.mount('#app');
