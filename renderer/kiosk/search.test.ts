import { describe, expect, it } from 'vitest';
import type { KioskCatalog, SearchKeys } from '../../protocol/catalog';
import { buildSearchIndex, searchIndex } from './search';

const svc = (id: string, name: string, keywords: string[], search: SearchKeys) => ({
  id,
  name,
  subName: '',
  category: 'personal' as const,
  groupId: 'A',
  materials: [{ name: '身份证', form: '原件' as const, copies: 1 }],
  timeLimitDays: 0,
  keywords,
  department: '人社局',
  search,
});

// The pinyin as the hall server sends it (server/hall/search-keys.ts, tested there).
const catalog: KioskCatalog = {
  categories: [{ id: 'personal', name: '个人事项' }],
  services: [
    svc('svc-sscard', '社会保障卡申领', ['社保卡', '医保卡'], {
      initials: ['shbzksl', 'sbk', 'ybk', 'rsj'],
      spelled: ['shehuibaozhangkashenling', 'shebaoka', 'yibaoka', 'rensheju'],
    }),
    svc('svc-id-card', '居民身份证申领', ['身份证', '换证'], {
      initials: ['jmsfzsl', 'sfz', 'hz', 'rsj'],
      spelled: ['juminshenfenzhengshenling', 'shenfenzheng', 'huanzheng', 'rensheju'],
    }),
    svc('svc-company-setup', '企业设立登记', ['开公司', '营业执照'], {
      initials: ['qysldj', 'kgs', 'yyzz', 'rsj'],
      spelled: ['qiyeshelidengji', 'kaigongsi', 'yingyezhizhao', 'rensheju'],
    }),
  ],
  bundles: [
    {
      id: 'bdl-birth',
      name: '出生一件事',
      lifeEvent: '出生',
      description: '',
      groupId: 'A',
      serviceIds: ['svc-sscard', 'svc-id-card'],
      search: { initials: ['csyjs', 'cs'], spelled: ['chushengyijianshi', 'chusheng'] },
    },
  ],
};
const index = buildSearchIndex(catalog);
const ids = (q: string) => searchIndex(index, q).map((e) => e.id);

describe('kiosk search', () => {
  it('finds a matter by the pinyin initials of a keyword', () => {
    expect(ids('sbk')).toEqual(['svc-sscard']);
    expect(ids('yyzz')).toEqual(['svc-company-setup']);
  });

  it('finds a matter by the initials of its name, name matches first', () => {
    expect(ids('shbz')[0]).toBe('svc-sscard');
    expect(ids('cs')[0]).toBe('bdl-birth');
  });

  it('finds a matter by whole pinyin', () => {
    expect(ids('shebao')).toContain('svc-sscard');
  });

  it('finds a matter by Chinese name or keyword', () => {
    expect(ids('身份证')).toEqual(['svc-id-card']);
    expect(ids('出生')).toEqual(['bdl-birth']);
  });

  it('finds nothing for an empty query or one that matches nothing', () => {
    expect(ids('  ')).toEqual([]);
    expect(ids('xqzw')).toEqual([]);
  });
});
