// Telling a keyboard (USB HID) scanner's burst from a person typing, by the same rule and
// numbers as devices' keyboard_wedge (the shell hands the numbers over): at least
// `minCharacters` before an Enter, the median gap between keys at most `maxMedianGapMs`,
// no gap above `maxSingleGapMs`. The sale screen uses it to keep a code scanned into a
// money field (paying, a discount, the cash drawer) from confirming that dialog.

import type { KeyboardScannerTiming } from "./bindings";

/// One key as the burst sees it: a character, Enter, or a key that adds no character.
export type TimedKey = { key: string; atMs: number };

function isCharacter(key: string): boolean {
  return [...key].length === 1;
}

/// The scanned code when `keys` (the last one the Enter) are a scanner's burst, else null.
export function scannedCode(keys: readonly TimedKey[], timing: KeyboardScannerTiming): string | null {
  const last = keys[keys.length - 1];
  if (!last || last.key !== "Enter") return null;
  const before = keys.slice(0, -1);
  if (before.some((entry) => entry.key === "Enter")) return null;
  const code = before
    .filter((entry) => isCharacter(entry.key))
    .map((entry) => entry.key)
    .join("");
  if ([...code].length < timing.minCharacters) return null;
  const gaps = keys
    .slice(1)
    .map((entry, index) => entry.atMs - keys[index].atMs)
    .sort((a, b) => a - b);
  // The upper middle with an even count, which errs towards "person", as in devices.
  const median = gaps[Math.floor(gaps.length / 2)];
  const longest = gaps[gaps.length - 1];
  if (median === undefined || longest === undefined) return null;
  return median <= timing.maxMedianGapMs && longest <= timing.maxSingleGapMs ? code : null;
}

/// Keeps the keys since the last pause long enough that no scanner makes it, and says,
/// at each Enter, whether the keys before it were a scan.
export class KeyBurst {
  private keys: TimedKey[] = [];

  constructor(private readonly timing: KeyboardScannerTiming) {}

  /// Adds a key; answers the scanned code when this key is the Enter that ends a scan.
  push(key: string, atMs: number): string | null {
    const previous = this.keys[this.keys.length - 1];
    if (previous && atMs - previous.atMs > this.timing.maxSingleGapMs) this.keys = [];
    this.keys.push({ key, atMs });
    if (key !== "Enter") return null;
    const code = scannedCode(this.keys, this.timing);
    this.keys = [];
    return code;
  }
}
