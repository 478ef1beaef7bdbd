import { ME } from '@hegao/contract';
import { findBureau } from '@hegao/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspace, type Workspace } from '../test/workspace.js';
import { presentMe } from './user.js';

let ws: Workspace;

beforeEach(async () => {
  ws = await workspace();
});

afterEach(async () => {
  await ws.close();
});

describe('presentMe', () => {
  const organisation = { name: '示例区人民政府' };

  it('presents a bureau’s writer as the contract’s ME, with their bureau and role label', async () => {
    const bureau = await findBureau(ws.db, ws.users.wjj.bureauId!);
    const me = presentMe(ws.users.wjj, bureau, organisation);
    // Exactly the contract's shape: a renamed or extra field would not survive the parse unchanged.
    expect(ME.parse(me)).toEqual(me);
    expect(me).toEqual({
      id: ws.users.wjj.id,
      username: 'wjj',
      name: '张卫民',
      role: 'editor',
      roleLabel: '部门撰稿人',
      bureau: { id: ws.users.wjj.bureauId, name: '卫健局', color: '#c0392b', isOffice: false },
      organisation,
    });
  });

  it('presents a leader without a bureau', () => {
    const me = presentMe(ws.users.quzhang, null, organisation);
    expect(ME.parse(me)).toEqual(me);
    expect([me.role, me.roleLabel, me.bureau]).toEqual(['leader', '领导', null]);
  });
});
