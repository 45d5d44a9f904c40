import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { useConnectionStore } from '../../shared/stores/connection';
import { FakeHallClient } from '../../shared/testing/fake-client';
import { kioskSnapshot, takeResult } from '../../shared/testing/fixtures';
import { maskTypedPhone, useKioskStore } from '../stores/kiosk';
import ConfirmScreen from './ConfirmScreen.vue';

function setup(textMessages = true, phoneCallbackDays = 30) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const client = new FakeHallClient();
  useConnectionStore().bind(client);
  const kiosk = useKioskStore();
  kiosk.bind(client);
  client.online(kioskSnapshot({ textMessages, phoneCallbackDays }));
  kiosk.choose({ kind: 'service', id: 'svc-sscard' });
  const wrapper = mount(ConfirmScreen, { global: { plugins: [pinia] }, attachTo: document.body });
  return { client, kiosk, wrapper };
}

async function typeOnPad(wrapper: ReturnType<typeof setup>['wrapper'], digits: string) {
  const keys = wrapper.find('[data-testid="phone-pad"]').findAll('button');
  for (const d of digits) await keys.find((k) => k.text() === d)!.trigger('click');
}

describe('the phone number on the confirm screen', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('masks the middle digits as they are typed', () => {
    expect(maskTypedPhone('138')).toBe('138');
    expect(maskTypedPhone('13812')).toBe('138 **');
    expect(maskTypedPhone('13812345678')).toBe('138 **** 5678');
  });

  it('asks with the consent wording, shows the number only masked, and sends it with the take', async () => {
    const { client, kiosk, wrapper } = setup();
    expect(wrapper.text()).toContain('留下手机号，叫号前短信提醒您（选填）');
    expect(wrapper.find('[data-testid="phone-consent"]').text()).toContain('使用该号码发送叫号提醒，并在您评价“不满意”时回访');
    expect(wrapper.find('[data-testid="phone-consent"]').text()).toContain('最长保留 30 天');
    await wrapper.find('[data-testid="phone-input"]').trigger('click');
    await typeOnPad(wrapper, '138123456789'); // one digit too many: ignored
    expect(kiosk.phone).toBe('13812345678');
    expect(wrapper.find('[data-testid="phone-masked"]').text()).toBe('138 **** 5678');
    expect(wrapper.html()).not.toContain('1234');
    client.answer = (name) => (name === 'ticket:take' ? { ok: true, ...takeResult() } : { ok: true, result: { ok: true } });
    await wrapper.find('[data-testid="take"]').trigger('click');
    await new Promise((r) => setTimeout(r, 0));
    expect(client.sent[0]).toMatchObject({ name: 'ticket:take', payload: { serviceIds: ['svc-sscard'], phone: '13812345678' } });
    expect(kiosk.phone).toBe('');
  });

  it('promises no callback in a hall that keeps no number for one', () => {
    const { wrapper } = setup(true, 0);
    const consent = wrapper.find('[data-testid="phone-consent"]').text();
    expect(consent).toContain('办结或离开后即删除');
    expect(consent).not.toContain('回访');
  });

  it('does not ask for a phone number in a hall that sends no text messages, nor send one', async () => {
    const { client, kiosk, wrapper } = setup(false);
    expect(wrapper.find('[data-testid="phone-panel"]').exists()).toBe(false);
    kiosk.phone = '13812345678';
    client.answer = (name) => (name === 'ticket:take' ? { ok: true, ...takeResult() } : { ok: true, result: { ok: true } });
    await kiosk.take();
    expect(client.sent[0]!.payload).not.toHaveProperty('phone');
  });

  it('forgets the number when the citizen goes back or the kiosk resets', async () => {
    const { kiosk } = setup();
    kiosk.typePhone('1');
    kiosk.typePhone('a');
    expect(kiosk.phone).toBe('1');
    kiosk.back();
    expect(kiosk.phone).toBe('');
    kiosk.choose({ kind: 'service', id: 'svc-sscard' });
    kiosk.typePhone('1');
    kiosk.reset();
    expect(kiosk.phone).toBe('');
  });
});
