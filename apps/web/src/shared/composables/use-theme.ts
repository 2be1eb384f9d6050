import { ref, watchEffect } from 'vue';
import { storage } from '@/shared/storage';

export const THEME_STORAGE_KEY = 'agenthub.theme';

function prefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

// Module-level so every caller shares one state (header toggle, future settings page).
const dark = ref(storage.get(THEME_STORAGE_KEY) ? storage.get(THEME_STORAGE_KEY) === 'dark' : prefersDark());
let applied = false;

/** Dark mode via Element Plus' `html.dark` CSS variables; the choice is remembered. */
export function useTheme() {
  if (!applied) {
    applied = true;
    watchEffect(() => {
      document.documentElement.classList.toggle('dark', dark.value);
    });
  }
  function toggle() {
    dark.value = !dark.value;
    storage.set(THEME_STORAGE_KEY, dark.value ? 'dark' : 'light');
  }
  return { dark, toggle };
}
