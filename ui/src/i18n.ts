// The UI's words in Portuguese (the default) and English. Every visible string goes
// through `messages(locale)` so a missing translation is a type error, not a blank.

// The words themselves live in `locales/`, one file a language.

import { english } from "./locales/english";
import { portuguese, type Messages } from "./locales/portuguese";

export type { Messages };

export type Locale = "pt-BR" | "en";

export function messages(locale: Locale): Messages {
  return locale === "en" ? english : portuguese;
}

/// Portuguese unless the system prefers English; any other language gets Portuguese,
/// the language of the stores F-Flow is sold to.
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const language = tag.toLowerCase().split("-")[0];
    if (language === "pt") return "pt-BR";
    if (language === "en") return "en";
  }
  return "pt-BR";
}

/// The text to show for an error that crossed IPC: translated by its code, with the
/// core's own message after it where the translation needs the detail (invalid input),
/// or alone when the code has no translation yet.
export function errorText(error: { code: string; message: string }, text: Messages): string {
  const translated = text.errors[error.code];
  if (translated === undefined) return error.message;
  return error.code === "invalid_input" || error.code === "unreadable_scan" ? `${translated} ${error.message}` : translated;
}

/// What to tell the cashier about a receipt that did not print: the translation of its
/// problem code, or the core's English detail when the code is new to this UI.
export function printProblemText(code: string | null | undefined, detail: string | null | undefined, text: Messages): string | null {
  return (code ? text.printProblems[code] : undefined) ?? detail ?? null;
}
