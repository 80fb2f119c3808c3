import { describe, expect, it } from "vitest";
import { formatCents } from "./money";

// Intl puts a no-break space between the symbol and the amount; compare on plain spaces.
const plain = (text: string) => text.replace(/\s/g, " ");

describe("formatCents", () => {
  const cases: [number, string, string][] = [
    [0, "pt-BR", "R$ 0,00"],
    [1, "pt-BR", "R$ 0,01"],
    [123456, "pt-BR", "R$ 1.234,56"],
    [-250, "pt-BR", "-R$ 2,50"],
    [123456, "en", "R$1,234.56"],
    [900719925474099, "pt-BR", "R$ 9.007.199.254.740,99"],
  ];
  it.each(cases)("%d cents in %s is %s", (cents, locale, expected) => {
    expect(plain(formatCents(cents, locale))).toBe(expected);
  });

  it("refuses fractions of a cent instead of rounding money silently", () => {
    expect(() => formatCents(10.5)).toThrow(RangeError);
    expect(() => formatCents(Number.NaN)).toThrow(RangeError);
  });
});
