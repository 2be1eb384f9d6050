import { onBeforeUnmount } from 'vue';

/**
 * Calls `fn` once the caller has been quiet for `delayMs` (search-as-you-type). A pending call
 * is dropped when the component unmounts so it never fires against a page that is gone.
 */
export function useDebouncedFn<A extends unknown[]>(fn: (...args: A) => void, delayMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => clearTimeout(timer);
  onBeforeUnmount(cancel);
  const run = (...args: A) => {
    cancel();
    timer = setTimeout(() => fn(...args), delayMs);
  };
  return { run, cancel };
}
