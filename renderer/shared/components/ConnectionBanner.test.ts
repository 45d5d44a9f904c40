import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { useConnectionStore } from '../stores/connection';
import ConnectionBanner from './ConnectionBanner.vue';

function reconnecting(audience?: 'public' | 'staff') {
  const pinia = createPinia();
  setActivePinia(pinia);
  const conn = useConnectionStore();
  conn.status = 'reconnecting';
  conn.snapshots = 1;
  return mount(ConnectionBanner, { props: audience ? { audience } : {}, global: { plugins: [pinia] } });
}

describe('connection banner', () => {
  it('tells a clerk the desk cannot act while the server is away', () => {
    expect(reconnecting().get('[data-testid="reconnecting"]').text()).toBe('正在重新连接…暂不能操作，请稍候');
  });

  it('gives public screens their own wording: a citizen has nothing to operate', () => {
    const text = reconnecting('public').get('[data-testid="reconnecting"]').text();
    expect(text).toBe('系统连接中，请稍候');
    expect(text).not.toContain('暂不能操作');
  });
});
