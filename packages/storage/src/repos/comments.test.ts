import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db.js';
import { dialects } from '../test/dialects.js';
import { createUser } from './organisation.js';
import { createReport } from './reports.js';
import { createComment, getComment, listComments, reopenComment, resolveComment } from './comments.js';

describe.each(dialects)('$name', ({ open }) => {
  let dir: string;
  let db: Db;
  let userId: string;
  let reportId: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hegao-comments-'));
    db = await open(join(dir, 'hegao.db'));
    userId = (await createUser(db, { username: 'quzhang', name: '周区长', role: 'leader', bureauId: null, passwordHash: 'x' })).id;
    reportId = (await createReport(db, { title: '报告', period: '2020年上半年', kind: 'custom', dueDate: null, createdBy: null })).id;
  });

  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('comments', () => {
    it('lists the comments of one document in the order they were written', async () => {
      const root = await createComment(db, { reportId, docName: 'final-r', sectionId: null, parentId: null, anchorFrom: 'AA==', anchorTo: 'AQ==', quote: '原文', body: '批示', authorId: userId });
      const replies = [];
      for (let i = 0; i < 5; i++) replies.push(await createComment(db, { reportId, docName: 'final-r', sectionId: null, parentId: root.id, body: `回复${i}`, authorId: userId }));
      await createComment(db, { reportId, docName: 'other', sectionId: null, parentId: null, body: '别处', authorId: userId });
      const list = await listComments(db, 'final-r');
      expect(list.map((c) => c.body)).toEqual(['批示', '回复0', '回复1', '回复2', '回复3', '回复4']);
      expect(list[0]).toMatchObject({ anchorFrom: 'AA==', anchorTo: 'AQ==', quote: '原文', parentId: null, resolvedAt: null });
      expect(list[1]).toMatchObject({ anchorFrom: null, quote: '', parentId: root.id });
    });

    it('resolves and reopens only from the opposite state', async () => {
      const c = await createComment(db, { reportId, docName: 'd', sectionId: null, parentId: null, body: '请核实', authorId: userId });
      expect(await reopenComment(db, c.id)).toBe(false);
      expect(await resolveComment(db, c.id, userId, 42)).toBe(true);
      expect(await resolveComment(db, c.id, userId, 43)).toBe(false);
      expect(await getComment(db, c.id)).toMatchObject({ resolvedBy: userId, resolvedAt: 42 });
      expect(await reopenComment(db, c.id)).toBe(true);
      expect(await getComment(db, c.id)).toMatchObject({ resolvedBy: null, resolvedAt: null });
      expect(await resolveComment(db, 'missing', userId, 1)).toBe(false);
    });
  });
});
