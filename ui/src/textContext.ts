// The words of the current language, for components deep in the tree.

import { createContext, useContext } from "react";
import { type Locale, type Messages, messages } from "./i18n";

export const TextContext = createContext<{ text: Messages; locale: Locale }>({ text: messages("pt-BR"), locale: "pt-BR" });

export function useText(): { text: Messages; locale: Locale } {
  return useContext(TextContext);
}
