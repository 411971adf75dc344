/**
 * Whether a CSS media query matches now, following changes; false where the page has no matchMedia
 * (component tests), which picks the wide layout.
 */
import { onScopeDispose, ref, type Ref } from 'vue';

export function useMediaQuery(query: string): Ref<boolean> {
  const list = typeof window.matchMedia === 'function' ? window.matchMedia(query) : null;
  const matches = ref(list?.matches ?? false);
  const changed = (event: MediaQueryListEvent) => (matches.value = event.matches);
  list?.addEventListener('change', changed);
  onScopeDispose(() => list?.removeEventListener('change', changed));
  return matches;
}
