import { renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyTheme, localeFrom, themeFrom } from "./preferences";
import { useIdleLock } from "./useIdleLock";

describe("display preferences", () => {
  it("reads only the languages and themes the screen knows", () => {
    expect(localeFrom({ language: "en", theme: "dark" }, "pt-BR")).toBe("en");
    expect(localeFrom({ language: null, theme: "dark" }, "pt-BR")).toBe("pt-BR");
    expect(localeFrom({ language: "fr", theme: "dark" }, "en")).toBe("en");
    expect(themeFrom({ language: null, theme: "light" })).toBe("light");
    expect(themeFrom({ language: null, theme: "neon" })).toBe("system");
  });

  it("puts a chosen theme on the page and resolves 'system' to light or dark", () => {
    applyTheme("dark");
    expect(document.documentElement.dataset.theme).toBe("dark");
    // jsdom has no matchMedia: the system is taken as light.
    const stop = applyTheme("system");
    expect(document.documentElement.dataset.theme).toBe("light");
    stop();
  });
});

describe("useIdleLock", () => {
  afterEach(() => vi.useRealTimers());

  it("locks after the delay without input, and each key press starts the delay again", () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    renderHook(() => useIdleLock(true, 300, onIdle));
    vi.advanceTimersByTime(299_000);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "1" }));
    vi.advanceTimersByTime(299_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("does nothing while nobody is signed in", () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    renderHook(() => useIdleLock(false, 15, onIdle));
    vi.advanceTimersByTime(60_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
