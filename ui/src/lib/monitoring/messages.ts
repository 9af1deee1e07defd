// The monitoring screen's messages; `i18n/nl.ts` and `i18n/en.ts` take them in.
export const monitoringNl = {
  "nav.monitoring": "Monitoring",
  "monitoring.title": "Monitoring",
} as const;

export const monitoringEn: Record<keyof typeof monitoringNl, string> = {
  "nav.monitoring": "Monitoring",
  "monitoring.title": "Monitoring",
};
