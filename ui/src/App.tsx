// The app's root: loads what the Rust core reports and shows it.

import { useEffect, useState } from "react";
import { commands, type CommandError, type HubStatusView, type StoreInfoView } from "./bindings";
import { HubStatusPanel } from "./components/HubStatusPanel";
import { StoreInfoPanel } from "./components/StoreInfoPanel";
import { messages, pickLocale } from "./i18n";

type Loaded<T> = { kind: "loading" } | { kind: "ready"; value: T } | { kind: "failed"; error: CommandError };

export function App() {
  const text = messages(pickLocale(navigator.languages));
  const [store, setStore] = useState<Loaded<StoreInfoView>>({ kind: "loading" });
  const [hub, setHub] = useState<HubStatusView | null>(null);

  useEffect(() => {
    commands.storeInfo().then((result) =>
      setStore(result.status === "ok" ? { kind: "ready", value: result.data } : { kind: "failed", error: result.error }),
    );
    commands.hubStatus().then(setHub);
  }, []);

  return (
    <main>
      <h1>{text.appTitle}</h1>
      {store.kind === "loading" && <p>{text.loading}</p>}
      {store.kind === "ready" && <StoreInfoPanel info={store.value} text={text} />}
      {store.kind === "failed" && (
        <p role="alert" data-testid="store-error" data-code={store.error.code}>
          {text.storeUnavailable} {store.error.message}
        </p>
      )}
      <HubStatusPanel status={hub} text={text} />
    </main>
  );
}
