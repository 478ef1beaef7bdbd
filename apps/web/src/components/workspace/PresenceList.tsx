import { memo } from 'react';
import { avatarText, type PresenceUser } from '../../collab/presence';
import './PresenceList.css';

/** Props of {@link PresenceList}. */
export interface PresenceListProps {
  users: readonly PresenceUser[];
  /** Number and title of each section, to say where someone is. */
  sectionLabels: ReadonlyMap<string, string>;
}

/** Above this many people, chips shrink to avatar and name (bureau and place stay for screen readers and tooltips). */
const COMPACT_FROM = 6;

/** Who else has the report open: a chip per person in their bureau's colour, with the section they are in. */
export const PresenceList = memo(function PresenceList({ users, sectionLabels }: PresenceListProps) {
  const compact = users.length >= COMPACT_FROM;
  return (
    <div className={compact ? 'presence presence--compact' : 'presence'} data-testid="presence" aria-label="在线协作者">
      {users.length === 0 ? (
        <span className="presence__empty">暂无其他人在线</span>
      ) : (
        <ul className="presence__list">
          {users.map((user) => {
            const where = user.sectionId ? sectionLabels.get(user.sectionId) : undefined;
            return (
              <li
                key={user.userId}
                className={user.sectionId ? 'presence-chip presence-chip--active' : 'presence-chip'}
                data-testid="presence-user"
                data-user-id={user.userId}
                {...(user.sectionId ? { 'data-section-id': user.sectionId } : {})}
                title={where ? `${user.name}（${user.bureau ?? '无部门'}）正在编辑 ${where}` : `${user.name}（${user.bureau ?? '无部门'}）正在查看`}
              >
                <span className="presence-chip__avatar" style={{ background: user.color }} aria-hidden="true">
                  {avatarText(user.name)}
                </span>
                <span className="presence-chip__text">
                  <span className="presence-chip__name">{user.name}</span>
                  {user.bureau && <span className={compact ? 'visually-hidden' : 'presence-chip__bureau'}>{user.bureau}</span>}
                  {where && <span className={compact ? 'visually-hidden' : 'presence-chip__where'}>在 {shorten(where)}</span>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
});

/** Small avatars of the people in one section, shown on its card. */
export const SectionPresence = memo(function SectionPresence({ users }: { users: readonly PresenceUser[] }) {
  if (users.length === 0) return null;
  return (
    <span className="section-presence" aria-label={`正在编辑：${users.map((u) => u.name).join('、')}`}>
      {users.map((user) => (
        <span key={user.userId} className="section-presence__avatar" style={{ background: user.color }} title={`${user.name}（${user.bureau ?? '无部门'}）正在编辑`}>
          {avatarText(user.name)}
        </span>
      ))}
      <span className="section-presence__label">{users.length === 1 ? `${users[0]!.name}正在编辑` : `${users.length}人正在编辑`}</span>
    </span>
  );
});

/** A section label short enough for a chip: （二）构建上下贯通的… */
function shorten(label: string, max = 12): string {
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : label;
}
