// How this counter's screen looks (language and theme). Core keeps them in the store's
// settings, so each counter keeps its own; this module reads what core sends back.

import type { DisplayPreferencesView_Serialize } from "./bindings";
import type { Locale } from "./i18n";

export type Theme = "system" | "light" | "dark";

export function localeFrom(preferences: DisplayPreferencesView_Serialize, fallback: Locale): Locale {
  return preferences.language === "en" || preferences.language === "pt-BR" ? preferences.language : fallback;
}

export function themeFrom(preferences: DisplayPreferencesView_Serialize): Theme {
  return preferences.theme === "light" || preferences.theme === "dark" ? preferences.theme : "system";
}

const PREFERS_DARK = "(prefers-color-scheme: dark)";

/// Applies `theme` to the page; "system" is resolved here to the OS's light or dark, so
/// the stylesheet defines each palette once. Returns a function that stops following
/// the OS when the theme changes again.
export function applyTheme(theme: Theme): () => void {
  const root = document.documentElement;
  if (theme !== "system") {
    root.dataset.theme = theme;
    return () => {};
  }
  const query = window.matchMedia?.(PREFERS_DARK);
  const follow = () => {
    root.dataset.theme = query?.matches ? "dark" : "light";
  };
  follow();
  query?.addEventListener("change", follow);
  return () => query?.removeEventListener("change", follow);
}
