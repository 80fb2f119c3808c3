// A modal dialog over the counter screen. Escape closes it, as every dialog of a
// keyboard-first screen must; focus goes to its first field so the cashier can type.

import { type ReactNode, useEffect, useRef } from "react";

export function Dialog({ title, testId, onClose, children, wide }: {
  title: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const panel = useRef<HTMLElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const first = panel.current?.querySelector<HTMLElement>("input, select, button.primary");
    first?.focus();
    // On the window, not the panel: the focus may have gone with a button the dialog
    // replaced (a finished step), and Escape must still close it.
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") close.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <div className="dialog-backdrop">
      <section
        ref={panel}
        role="dialog"
        aria-label={title}
        data-testid={testId}
        className={wide ? "dialog wide" : "dialog"}
      >
        <header className="dialog-header">
          <h2>{title}</h2>
          <button type="button" className="ghost" aria-label="×" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </section>
    </div>
  );
}
