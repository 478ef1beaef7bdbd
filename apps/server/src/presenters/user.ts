/** Response shapes for users. */
import { ROLE_LABEL, type Bureau, type Organisation, type User } from '@hegao/domain';

/** The signed-in user as `GET /api/me` returns it. */
export interface MeView {
  id: string;
  username: string;
  name: string;
  role: User['role'];
  roleLabel: string;
  bureau: { id: string; name: string; color: string; isOffice: boolean } | null;
  /** The government this installation serves, e.g. 示例区人民政府. */
  organisation: Organisation;
}

/** Shapes a user with their bureau. */
export function presentMe(user: User, bureau: Bureau | null, organisation: Organisation): MeView {
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
