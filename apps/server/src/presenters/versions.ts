/** Locked versions as clients see them (the contract's `VERSION` and `VERSION_DETAIL`): people named, moments as ISO 8601. */
import type { Version, VersionDetail, VersionPerson } from '@hegao/contract';
import type { User } from '@hegao/domain';
import type { VersionSummary } from '@hegao/storage';
import type { VerifiedVersion } from '../commands/lock.js';

/** A person of a version record by id, named from the users (null name: the account no longer exists). */
function person(id: string, users: ReadonlyMap<string, User>): VersionPerson {
  return { id, name: users.get(id)?.name ?? null };
}

/** One locked version, as listed by `GET /api/reports/:id/versions`. */
export function presentVersion(v: VersionSummary, users: ReadonlyMap<string, User>): Version {
  return {
    version: v.version,
    sha256: v.sha256,
    lockedBy: person(v.lockedBy, users),
    lockedAt: new Date(v.lockedAt).toISOString(),
    unlockedBy: v.unlockedBy === null ? null : person(v.unlockedBy, users),
    unlockedAt: v.unlockedAt === null ? null : new Date(v.unlockedAt).toISOString(),
    unlockReason: v.unlockReason,
    chainHead: v.chainHead,
    chainSeq: v.chainSeq,
  };
}

/** One version with its content and whether it still verifies (`GET /api/reports/:id/versions/:n`). */
export function presentVersionDetail({ record, content, text, verified }: VerifiedVersion, users: ReadonlyMap<string, User>): VersionDetail {
  return { ...presentVersion(record, users), content, text, verified };
}
