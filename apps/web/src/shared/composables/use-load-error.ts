import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorMessage } from '@/shared/error-message';

/**
 * A page's load with its error message: `run(load)` clears the message, awaits the load and
 * turns a failure into the sentence the page shows (with a retry next to it).
 */
export function useLoadError() {
  const i18n = useI18n();
  const loadError = ref('');
  async function run(load: () => Promise<unknown>): Promise<void> {
    loadError.value = '';
    try {
      await load();
    } catch (err) {
      loadError.value = errorMessage(err, i18n);
    }
  }
  return { loadError, run };
}
