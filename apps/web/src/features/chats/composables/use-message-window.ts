import { computed, nextTick, onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { computeWindow, isNearBottom } from './virtual-window';

export interface MessageWindowOptions {
  /** Height assumed for a message not measured yet. */
  estimate?: number;
  overscan?: number;
}

/**
 * Renders only the messages near the viewport of a scroll container (see virtual-window.ts),
 * measuring each rendered one with a ResizeObserver, and keeps the view pinned to the bottom while
 * an answer streams — unless the user has scrolled up to read.
 */
export function useMessageWindow(keys: Ref<readonly string[]>, options: MessageWindowOptions = {}) {
  const estimate = options.estimate ?? 120;
  const overscan = options.overscan ?? 600;
  const scroller = ref<HTMLElement | null>(null);
  const heights = new Map<string, number>();
  /** Bumped when a measured height changes (the Map itself is not reactive, on purpose). */
  const measured = ref(0);
  const scrollTop = ref(0);
  const viewportHeight = ref(800);
  /** Follow new content at the bottom; false once the user scrolls away from it. */
  const pinned = ref(true);

  const range = computed(() => {
    void measured.value;
    return computeWindow({
      heights: keys.value.map((k) => heights.get(k)),
      estimate,
      scrollTop: scrollTop.value,
      viewportHeight: viewportHeight.value,
      overscan,
    });
  });

  function readScroll() {
    const el = scroller.value;
    if (!el) return;
    scrollTop.value = el.scrollTop;
    viewportHeight.value = el.clientHeight || viewportHeight.value;
  }

  function onScroll() {
    const el = scroller.value;
    if (!el) return;
    readScroll();
    pinned.value = isNearBottom(el.scrollTop, el.clientHeight, el.scrollHeight);
  }

  function scrollToBottom() {
    pinned.value = true;
    void nextTick(() => {
      const el = scroller.value;
      if (!el) return;
      el.scrollTop = el.scrollHeight;
      readScroll();
    });
  }

  const observed = new Map<Element, string>();
  const observer =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          let changed = false;
          for (const entry of entries) {
            const key = observed.get(entry.target);
            if (key === undefined) continue;
            const height = entry.borderBoxSize?.[0]?.blockSize ?? (entry.target as HTMLElement).offsetHeight;
            if (!height || heights.get(key) === height) continue;
            heights.set(key, height);
            changed = true;
          }
          if (!changed) return;
          measured.value++;
          if (pinned.value) scrollToBottom();
        });

  /** Function ref for each rendered message: `:ref="(el) => measure(el, id)"`. */
  function measure(el: unknown, key: string) {
    if (el instanceof Element) {
      if (observed.get(el) === key) return;
      observed.set(el, key);
      observer?.observe(el);
      return;
    }
    for (const [node, k] of observed) {
      if (k === key && !node.isConnected) {
        observer?.unobserve(node);
        observed.delete(node);
      }
    }
  }

  // A new message (sent, or the first load) scrolls down if the user was following along.
  watch(
    () => keys.value.length,
    (n, before) => {
      if (pinned.value || before === 0) scrollToBottom();
    },
  );

  onBeforeUnmount(() => observer?.disconnect());

  return { scroller, range, pinned, onScroll, measure, scrollToBottom };
}
