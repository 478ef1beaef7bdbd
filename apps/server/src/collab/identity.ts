/** Builds the collab identity of a user from the server's records. */
import type { CollabIdentity } from '@hegao/collab';
import { personColor, type User } from '@hegao/domain';
import { findBureau, listUsers, type Db } from '@hegao/storage';

/** Name, bureau and colour the server stamps on everything this user does. */
export async function identityOf(db: Db, user: User): Promise<CollabIdentity> {
  const bureau = user.bureauId ? await findBureau(db, user.bureauId) : null;
  // Everyone of the same bureau (or everyone without one): the colour tells them apart.
  const peers = (await listUsers(db)).filter((u) => u.bureauId === user.bureauId).map((u) => u.id);
  return {
    userId: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    bureauId: bureau?.id ?? null,
    bureauName: bureau?.name ?? null,
    // The person's own colour (their bureau's hue), as in 显示修改人 and the history.
    color: personColor(user.id, bureau?.color ?? null, peers),
  };
}
