// Locks the counter after `seconds` without a key press, click or touch.

import { useEffect, useRef } from "react";

export function useIdleLock(active: boolean, seconds: number, onIdle: () => void): void {
  const latest = useRef(onIdle);
  latest.current = onIdle;
  useEffect(() => {
    if (!active) return;
    let timer = window.setTimeout(() => latest.current(), seconds * 1000);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => latest.current(), seconds * 1000);
    };
    const events = ["keydown", "pointerdown", "touchstart"] as const;
    for (const name of events) window.addEventListener(name, restart, { capture: true });
    return () => {
      window.clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, restart, { capture: true });
    };
  }, [active, seconds]);
}
