// An error from the core, translated by its code.

import type { CommandError } from "../bindings";
import { errorText } from "../i18n";
import { useText } from "../textContext";

export function ErrorLine({ error }: { error: CommandError | null }) {
  const { text } = useText();
  if (error === null) return null;
  return (
    <p role="alert" className="error" data-testid="error" data-code={error.code}>
      {errorText(error, text)}
    </p>
  );
}

/// An error made on this side (a field that is not an amount), in the same shape.
export function localError(code: string, message: string): CommandError {
  return { code, message };
}
