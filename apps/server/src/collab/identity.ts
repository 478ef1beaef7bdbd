/** Builds the collab identity of a user from the server's records. */
import type { CollabIdentity } from '@hegao/collab';
import type { User } from '@hegao/domain';
import { findBureau, type Db } from '@hegao/storage';

const LEADER_COLOR = '#8e44ad';

/** Name, bureau and colour the server stamps on everything this user does. */
export async function identityOf(db: Db, user: User): Promise<CollabIdentity> {
  const bureau = user.bureauId ? await findBureau(db, user.bureauId) : null;
  return {
    userId: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    bureauId: bureau?.id ?? null,
    bureauName: bureau?.name ?? null,
    color: bureau?.color ?? LEADER_COLOR,
  };
}
