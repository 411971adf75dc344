/**
 * Sizes in the interface's language ("1.5 MB", "1,5 Mo"). Same steps as the engine's formatBytes
 * (rtc/transfers/model.ts), which stays for logs and engine sentences.
 */
import { useI18n } from 'vue-i18n';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

export function useSizeText(): (bytes: number) => string {
  const { t, n } = useI18n();
  return (bytes) => {
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit += 1;
    }
    const format = value >= 100 || unit === 0 ? 'integer' : 'decimal';
    return t(`size.${UNITS[unit]}`, { n: n(value, format) });
  };
}
