import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db.js';
import { dialects } from '../test/dialects.js';
import { UNNAMED_ORGANISATION, createBureau, getOrganisation, listBureaus, setOrganisationName } from './organisation.js';

describe.each(dialects)('$name', ({ open }) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });
  afterEach(async () => {
    await db.close();
  });

  describe('organisation', () => {
    it('is unnamed until the office names it, then keeps the (trimmed) name', async () => {
      expect(await getOrganisation(db)).toEqual({ name: UNNAMED_ORGANISATION });
      await setOrganisationName(db, ' 示例区人民政府 ');
      expect(await getOrganisation(db)).toEqual({ name: '示例区人民政府' });
      await setOrganisationName(db, '某某市人民政府');
      expect((await getOrganisation(db)).name).toBe('某某市人民政府');
    });

    it('lists the office first, then bureaus in creation order; names are unique', async () => {
      await createBureau(db, { name: '卫健局', color: '#c0392b' });
      await createBureau(db, { name: '办公室', color: '#34495e', isOffice: true });
      await createBureau(db, { name: '发改局', color: '#2980b9' });
      expect((await listBureaus(db)).map((b) => b.name)).toEqual(['办公室', '卫健局', '发改局']);
      await expect(createBureau(db, { name: '卫健局', color: '#000000' })).rejects.toThrow();
      expect(await listBureaus(db)).toHaveLength(3);
    });
  });
});
