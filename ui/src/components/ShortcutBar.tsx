// The function keys of the sale screen, shown and clickable for touch screens.

import { useText } from "../textContext";

export type Shortcut = "F2" | "F3" | "F4" | "F5" | "F6" | "F7" | "F8" | "F9" | "F10" | "F11" | "F12";

export function ShortcutBar({ onShortcut }: { onShortcut: (key: Shortcut) => void }) {
  const { text } = useText();
  const keys: [Shortcut, string][] = [
    ["F2", text.shortcutSearch],
    ["F3", text.shortcutPrinter],
    ["F4", text.shortcutPay],
    ["F5", text.shortcutCustomer],
    ["F6", text.shortcutDiscount],
    ["F7", text.shortcutProducts],
    ["F8", text.shortcutCancel],
    ["F9", text.shortcutReturn],
    ["F10", text.shortcutCash],
    ["F11", text.shortcutHeld],
    ["F12", text.shortcutSettings],
  ];
  return (
    <nav className="shortcuts" aria-label="shortcuts">
      {keys.map(([key, label]) => (
        <button type="button" key={key} data-testid={`shortcut-${key}`} onClick={() => onShortcut(key)}>
          <kbd>{key}</kbd> {label}
        </button>
      ))}
    </nav>
  );
}

export function isShortcut(key: string): key is Shortcut {
  return ["F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12"].includes(key);
}
