// Per-counter display preferences (language and theme), kept in the webview's local
// storage: they belong to this screen, not to the store's data, so they never sync.

import type { Locale } from "./i18n";

export type Theme = "system" | "light" | "dark";

const LOCALE_KEY = "fflow.locale";
const THEME_KEY = "fflow.theme";

export function storedLocale(fallback: Locale): Locale {
  const stored = localStorage.getItem(LOCALE_KEY);
  return stored === "en" || stored === "pt-BR" ? stored : fallback;
}

export function storeLocale(locale: Locale): void {
  localStorage.setItem(LOCALE_KEY, locale);
}

export function storedTheme(): Theme {
  const stored = localStorage.getItem(THEME_KEY);
  return stored === "light" || stored === "dark" ? stored : "system";
}

/// Saves `theme` and applies it to the page; "system" follows the OS setting through
/// the stylesheet's `prefers-color-scheme`.
export function applyTheme(theme: Theme): void {
  localStorage.setItem(THEME_KEY, theme);
  document.documentElement.dataset.theme = theme;
}
