// Whether the hub answers. Offline is a normal state for a store, so it reads as
// information, not as an alarm.

import type { HubStatusView } from "../bindings";
import type { Messages } from "../i18n";

export function HubStatusPanel({ status, text }: { status: HubStatusView | null; text: Messages }) {
  return (
    <section className="panel" aria-labelledby="hub-heading">
      <h2 id="hub-heading">{text.hubHeading}</h2>
      <p data-testid="hub-status" data-state={status?.state ?? "checking"}>
        {describe(status, text)}
      </p>
    </section>
  );
}

function describe(status: HubStatusView | null, text: Messages): string {
  if (status === null) return text.hubChecking;
  switch (status.state) {
    case "not_configured":
      return text.hubNotConfigured;
    case "online":
      return `${text.hubOnline}: ${status.url} (v${status.hubVersion})`;
    case "unreachable":
      return `${text.hubUnreachable} (${status.url}: ${status.message})`;
  }
}
