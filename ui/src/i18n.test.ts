import { describe, expect, it } from "vitest";
import { errorText, messages, pickLocale } from "./i18n";

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
    for (const [key, value] of Object.entries(en)) {
      if (typeof value === "string") {
        expect(value.trim(), key).not.toBe("");
      } else {
        const portugueseEntries = pt[key as keyof typeof pt] as Record<string, string>;
        expect(Object.keys(value).sort(), key).toEqual(Object.keys(portugueseEntries).sort());
      }
    }
  });
});

describe("errorText", () => {
  it("translates by code, never by message, and keeps the detail of invalid input", () => {
    expect(errorText({ code: "wrong_pin", message: "wrong PIN" }, messages("pt-BR"))).toBe("PIN incorreto.");
    expect(errorText({ code: "invalid_input", message: "pin: a PIN has 4 to 8 digits" }, messages("en"))).toBe(
      "Invalid input: pin: a PIN has 4 to 8 digits",
    );
    expect(errorText({ code: "something_new", message: "as core said it" }, messages("en"))).toBe("as core said it");
  });
});
