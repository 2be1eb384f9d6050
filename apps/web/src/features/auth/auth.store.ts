import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { AuthResponse, LoginRequest, RegisterRequest, Role, User } from '@agenthub/contracts';
import { authApi } from '@/api/auth.api';
import { meApi } from '@/api/me.api';
import type { SessionPort } from '@/api/http-client';
import { storage } from '@/shared/storage';

export const AUTH_STORAGE_KEYS = {
  accessToken: 'agenthub.accessToken',
  refreshToken: 'agenthub.refreshToken',
  user: 'agenthub.user',
} as const;

/**
 * The signed-in session. Tokens live in localStorage so a reload (or a second tab) stays signed in;
 * the request client reads them through `sessionPort()`.
 */
export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(storage.get(AUTH_STORAGE_KEYS.accessToken));
  const refreshToken = ref<string | null>(storage.get(AUTH_STORAGE_KEYS.refreshToken));
  const user = ref<User | null>(storage.getJson<User>(AUTH_STORAGE_KEYS.user));
  /** Set when the session ended on its own (refresh failed), so the login page can say why. */
  const expired = ref(false);

  const isAuthenticated = computed(() => !!accessToken.value && !!user.value);
  const roles = computed<Role[]>(() => user.value?.roles ?? []);
  const hasRole = (role: Role) => roles.value.includes(role);
  const hasAnyRole = (wanted: readonly Role[]) => wanted.some(hasRole);

  function setUser(next: User | null) {
    user.value = next;
    storage.set(AUTH_STORAGE_KEYS.user, next ? JSON.stringify(next) : null);
  }

  function setSession(auth: AuthResponse) {
    accessToken.value = auth.accessToken;
    refreshToken.value = auth.refreshToken;
    storage.set(AUTH_STORAGE_KEYS.accessToken, auth.accessToken);
    storage.set(AUTH_STORAGE_KEYS.refreshToken, auth.refreshToken);
    setUser(auth.user);
    expired.value = false;
  }

  function clearSession() {
    accessToken.value = null;
    refreshToken.value = null;
    storage.set(AUTH_STORAGE_KEYS.accessToken, null);
    storage.set(AUTH_STORAGE_KEYS.refreshToken, null);
    setUser(null);
  }

  async function login(body: LoginRequest) {
    setSession(await authApi.login(body));
  }

  async function register(body: RegisterRequest) {
    setSession(await authApi.register(body));
  }

  async function logout() {
    const token = refreshToken.value;
    clearSession();
    // Revoke server-side too, but never keep the user signed in because the network failed.
    if (token) await authApi.logout(token).catch(() => undefined);
  }

  /** Re-reads the user (roles may have changed since the tokens were issued). */
  async function refreshUser() {
    if (!accessToken.value) return;
    setUser(await meApi.get());
  }

  /** Picks up a login, logout or token refresh done in another tab. */
  function syncFromStorage() {
    accessToken.value = storage.get(AUTH_STORAGE_KEYS.accessToken);
    refreshToken.value = storage.get(AUTH_STORAGE_KEYS.refreshToken);
    user.value = storage.getJson<User>(AUTH_STORAGE_KEYS.user);
  }
  const ourKeys: readonly string[] = Object.values(AUTH_STORAGE_KEYS);
  globalThis.addEventListener?.('storage', (e: StorageEvent) => {
    if (e.key === null || ourKeys.includes(e.key)) syncFromStorage();
  });

  function sessionPort(onExpired: () => void): SessionPort {
    return {
      // Storage first: it is shared by tabs and may hold tokens another tab just rotated; the
      // in-memory value covers browsers where storage is unavailable.
      accessToken: () => storage.get(AUTH_STORAGE_KEYS.accessToken) ?? accessToken.value,
      refreshToken: () => storage.get(AUTH_STORAGE_KEYS.refreshToken) ?? refreshToken.value,
      update: setSession,
      expire: () => {
        clearSession();
        expired.value = true;
        onExpired();
      },
    };
  }

  return {
    accessToken,
    refreshToken,
    user,
    expired,
    isAuthenticated,
    roles,
    hasRole,
    hasAnyRole,
    setUser,
    setSession,
    clearSession,
    login,
    register,
    logout,
    refreshUser,
    sessionPort,
  };
});
