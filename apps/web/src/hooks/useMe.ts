import type { Me } from '../api/types';
import { useSession } from './useSession';

/** The signed-in user, or null while loading or signed out. */
export function useMe(): Me | null {
  const state = useSession();
  return state.status === 'signedIn' ? state.me : null;
}
