import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, get, storedKey, storeKey } from './api/client';
import type { Me } from './api/types';

interface Session {
  /** Who the signed-in key acts for; null when signed out. */
  me: Me | null;
  /** True until the stored key (if any) has been checked. */
  checking: boolean;
  signIn: (key: string) => Promise<void>;
  signOut: () => void;
}

const SessionContext = createContext<Session>({ me: null, checking: false, signIn: async () => undefined, signOut: () => undefined });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(storedKey() !== null);

  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    get<Me>('/api/me')
      .then(setMe)
      .catch(() => storeKey(null))
      .finally(() => setChecking(false));
  }, []);

  const signIn = useCallback(async (key: string) => {
    const trimmed = key.trim();
    const who = await get<Me>('/api/me', undefined, { key: trimmed });
    storeKey(trimmed);
    setMe(who);
  }, []);

  const signOut = useCallback(() => {
    storeKey(null);
    setMe(null);
  }, []);

  return <SessionContext.Provider value={{ me, checking, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}

export { ApiError };

/** What each role may open (the API decides what it shows; the menu offers only what it would not refuse). */
export type PageId = 'overview' | 'overdue' | 'units' | 'cases' | 'launch' | 'reports' | 'public';

export function pagesOf(me: Me | null): PageId[] {
  if (!me) return ['public'];
  switch (me.role) {
    case 'office':
      return ['overview', 'overdue', 'units', 'cases', 'launch', 'reports', 'public'];
    case 'supervisor':
      return ['overview', 'overdue', 'units', 'cases', 'reports', 'public'];
    case 'unit-handler':
    case 'unit-leader':
      return ['units', 'cases', 'overdue', 'public'];
    case 'integrator':
      return me.unit ? ['units', 'cases', 'overdue', 'public'] : ['overview', 'overdue', 'cases', 'public'];
    default:
      return ['public'];
  }
}

/** The page a role starts on. */
export function homeOf(me: Me | null): string {
  if (!me) return '/signin';
  if (me.role === 'public') return '/public';
  if (me.unit) return `/units/${encodeURIComponent(me.unit)}`;
  return me.role === 'office' || me.role === 'supervisor' ? '/overview' : '/cases';
}
