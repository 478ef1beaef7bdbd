/** The signed-in user as the API answers it: the contract's `Me` (packages/contract/src/reports.ts). */
import type { Me } from '@hegao/contract';
import { ROLE_LABEL, type Bureau, type Organisation, type User } from '@hegao/domain';

/** Shapes a user with their bureau. */
export function presentMe(user: User, bureau: Bureau | null, organisation: Organisation): Me {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    roleLabel: ROLE_LABEL[user.role],
    bureau: bureau ? { id: bureau.id, name: bureau.name, color: bureau.color, isOffice: bureau.isOffice } : null,
    organisation: { name: organisation.name },
  };
}
