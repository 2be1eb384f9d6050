import { reactive } from 'vue';
import { useI18n } from 'vue-i18n';
import { isApiError } from '@/api/api-error';
import { errorMessage } from '@/shared/error-message';

/**
 * Server-side validation errors for a form: field messages come from the error body's `details`
 * paths and are shown under the matching inputs (el-form-item `:error`); anything not tied to a
 * field becomes the form-level message. `codeToField` ties error codes to a field
 * (e.g. `wrong_password` → `currentPassword`).
 */
export function useFormErrors<F extends string>(
  fields: readonly F[],
  codeToField: Partial<Record<string, F>> = {},
) {
  const i18n = useI18n();
  interface State {
    fields: Partial<Record<F, string>>;
    form: string;
  }
  // Plain string-keyed records: no refs inside, so the unwrapped reactive type is the same shape.
  const state = reactive({ fields: {}, form: '' }) as State;

  function clear() {
    state.fields = {};
    state.form = '';
  }

  function apply(err: unknown) {
    clear();
    if (isApiError(err)) {
      for (const [field, detail] of Object.entries(err.fieldDetails())) {
        if (!(fields as readonly string[]).includes(field)) continue;
        // A detail code we have words for (wrong_password, email_taken) reads better translated.
        const key = `errors.codes.${detail.code}`;
        state.fields[field as F] = i18n.te(key) ? i18n.t(key) : detail.message;
      }
      // Some codes are about one field even when the body has no details (email_taken).
      const owner = codeToField[err.code];
      if (owner && !state.fields[owner]) state.fields[owner] = errorMessage(err, i18n);
      // The message sits under its input; a banner on top would only repeat it.
      if (Object.keys(state.fields).length > 0) return;
    }
    state.form = errorMessage(err, i18n);
  }

  return { errors: state, clear, apply };
}
