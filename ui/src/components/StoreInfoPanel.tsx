// "This counter": app version, device and database, as reported by the Rust core.

import type { StoreInfoView } from "../bindings";
import type { Messages } from "../i18n";

export function StoreInfoPanel({ info, text }: { info: StoreInfoView; text: Messages }) {
  return (
    <section className="panel" aria-labelledby="about-heading">
      <h2 id="about-heading">{text.aboutHeading}</h2>
      <dl>
        <dt>{text.appVersion}</dt>
        <dd data-testid="app-version">{info.appVersion}</dd>
        <dt>{text.deviceName}</dt>
        <dd data-testid="device-name">{info.deviceName}</dd>
        <dt>{text.databasePath}</dt>
        <dd data-testid="database-path">{info.databasePath}</dd>
        <dt>{text.schemaVersion}</dt>
        <dd data-testid="schema-version">{info.schemaVersion}</dd>
      </dl>
    </section>
  );
}
