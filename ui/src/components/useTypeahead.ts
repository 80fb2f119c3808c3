// Results as the cashier types: each change asks core again and an answer for older text
// is dropped; arrows move the highlighted result and Enter picks it. Shared by the
// product and customer searches so both lists behave the same under the keyboard.

import { type KeyboardEvent, useEffect, useState } from "react";
import type { CommandError } from "../bindings";

type Answer<T> = { status: "ok"; data: T[] } | { status: "error"; error: CommandError };

export function useTypeahead<T>(search: (typed: string) => Promise<Answer<T>>, onPick: (item: T) => void) {
  const [typed, setTyped] = useState("");
  const [results, setResults] = useState<T[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<CommandError | null>(null);

  useEffect(() => {
    let current = true;
    search(typed).then((result) => {
      if (!current) return;
      if (result.status === "ok") {
        setResults(result.data);
        setActive(0);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [typed, search]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") setActive(Math.min(active + 1, results.length - 1));
    else if (event.key === "ArrowUp") setActive(Math.max(active - 1, 0));
    else if (event.key === "Enter" && results[active]) onPick(results[active]);
    else return;
    event.preventDefault();
  }

  return { typed, setTyped, results, active, error, onKeyDown };
}
