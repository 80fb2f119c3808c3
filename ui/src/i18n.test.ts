import { describe, expect, it } from "vitest";
import { messages, pickLocale } from "./i18n";

describe("pickLocale", () => {
  const cases: [string[], string][] = [
    [[], "pt-BR"],
    [["pt-BR"], "pt-BR"],
    [["pt-PT", "en-US"], "pt-BR"],
    [["en-US", "pt-BR"], "en"],
    [["de-DE", "en-GB"], "en"],
    [["fr-FR"], "pt-BR"],
  ];
  it.each(cases)("%j gives %s (Portuguese first, English when preferred)", (preferred, expected) => {
    expect(pickLocale(preferred)).toBe(expected);
  });
});

describe("messages", () => {
  it("has every Portuguese key translated to a non-empty English string", () => {
    const pt = messages("pt-BR");
    const en = messages("en");
    expect(Object.keys(en).sort()).toEqual(Object.keys(pt).sort());
    for (const value of Object.values(en)) expect(value.trim()).not.toBe("");
  });
});
