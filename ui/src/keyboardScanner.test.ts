// The keyboard scanner rule, case by case, with devices' documented numbers.

import { describe, expect, it } from "vitest";
import { KeyBurst, scannedCode, type TimedKey } from "./keyboardScanner";

const timing = { minCharacters: 6, maxMedianGapMs: 30, maxSingleGapMs: 100 };

/// Keys from text (`\n` is Enter, `\t` a key without a character) with the gaps before
/// each key after the first.
function keys(text: string, gaps: number[]): TimedKey[] {
  let at = 1000;
  return [...text].map((character, index) => {
    if (index > 0) at += gaps[index - 1];
    return { key: character === "\n" ? "Enter" : character === "\t" ? "Shift" : character, atMs: at };
  });
}

describe("scannedCode", () => {
  it("takes a fast burst ending in Enter as a scan", () => {
    expect(scannedCode(keys("7891234567895\n", Array(13).fill(8)), timing)).toBe("7891234567895");
  });

  it("takes typing, a short code, a pause or no Enter as a person", () => {
    expect(scannedCode(keys("7891234\n", Array(7).fill(90)), timing)).toBeNull();
    expect(scannedCode(keys("12345\n", Array(5).fill(5)), timing)).toBeNull();
    expect(scannedCode(keys("789123456\n", [5, 5, 5, 250, 5, 5, 5, 5, 5]), timing)).toBeNull();
    expect(scannedCode(keys("7891234567", Array(9).fill(5)), timing)).toBeNull();
  });

  it("lets one slow key through when the median is fast, and ignores keys that type nothing", () => {
    expect(scannedCode(keys("\t789123\n", [4, 4, 60, 4, 4, 4, 4]), timing)).toBe("789123");
  });
});

describe("KeyBurst", () => {
  it("starts a new burst after a pause, so typing before a scan does not spoil it", () => {
    const burst = new KeyBurst(timing);
    expect(burst.push("5", 0)).toBeNull();
    expect(burst.push("0", 400)).toBeNull();
    let at = 2000;
    for (const digit of "7891234567895") expect(burst.push(digit, (at += 6))).toBeNull();
    expect(burst.push("Enter", at + 6)).toBe("7891234567895");
    expect(burst.push("Enter", at + 20)).toBeNull();
  });
});
