import type { Me } from '../api/types';
import { useSession } from './useSession';

/**
 * The signed-in user. Only for components rendered while signed in (App shows the login page
 * otherwise), so a missing user is a programming error rather than a state to render.
 */
export function useMe(): Me {
  const state = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe() used outside the signed-in app');
  return state.me;
}
