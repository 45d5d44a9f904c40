import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { HallAlert } from '../../../protocol/views';
import { displaySnapshot } from '../testing/fixtures';
import { useHallStore } from './hall';

const alert = (over: Partial<HallAlert> = {}): HallAlert => ({
  id: 'A-wait',
  groupId: 'A',
  groupName: '个人综合',
  kind: 'wait',
  message: 'A 组等候超过 30 分钟，建议增开窗口',
  waiting: 12,
  longestWaitMinutes: 31,
  at: 0,
  cleared: false,
  ...over,
});

describe('hall store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('takes the status the server pushes when the clock passes a cut-off', () => {
    const hall = useHallStore();
    hall.applySnapshot(displaySnapshot({ seq: 1 }));
    const before = hall.status!;
    hall.applyStatus({ ...before, issuing: false, message: '暂停取号' });
    expect(hall.status).toMatchObject({ issuing: false, message: '暂停取号' });
  });

  it('keeps one alert per id and drops it when cleared', () => {
    const hall = useHallStore();
    hall.applyAlert(alert());
    hall.applyAlert(alert({ waiting: 14 }));
    hall.applyAlert(alert({ id: 'B-count', groupId: 'B' }));
    expect(hall.alerts.map((a) => [a.id, a.waiting])).toEqual([['A-wait', 14], ['B-count', 12]]);
    hall.applyAlert(alert({ cleared: true }));
    expect(hall.alerts.map((a) => a.id)).toEqual(['B-count']);
  });
});
