// The bar at the foot of every screen: hub, license, sync and printer state, who is at
// the counter, and the language and theme switches.

import type { HubStatusView, LicenseStatusView, PrinterStatusView_Serialize, SyncStatusView, TillUserView } from "../bindings";
import { type Locale, printProblemText } from "../i18n";
import type { Theme } from "../preferences";
import { useText } from "../textContext";

export function StatusBar({ hub, license, pendingEvents, sync = null, printer = null, user, theme, onLocale, onTheme, onSwitchCashier, onLock, onOpenDetails, onOpenPrinter }: {
  hub: HubStatusView | null;
  /// The license as core judges it; null until known.
  license: LicenseStatusView | null;
  /// Events the hub has not acknowledged yet, as core counts them; null until known.
  pendingEvents: number | null;
  /// Where sync stands (last success, last error); null until known or without a hub.
  sync?: SyncStatusView | null;
  user: TillUserView | null;
  theme: Theme;
  onLocale: (locale: Locale) => void;
  onTheme: (theme: Theme) => void;
  onSwitchCashier: () => void;
  onLock: () => void;
  /// Opens the license and sync details (and from there the activation).
  onOpenDetails?: () => void;
  /// The receipt printer and its waiting receipts; null until known.
  printer?: PrinterStatusView_Serialize | null;
  /// Opens the printer and drawer dialog.
  onOpenPrinter?: () => void;
}) {
  const { text, locale } = useText();
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`pill hub-${hub?.state ?? "checking"}`} data-testid="hub-status" data-state={hub?.state ?? "checking"} title={hubTitle(hub)}>
        {text.hubShort}: {hubShort(hub, text)}
      </span>
      <button
        type="button"
        className={`pill license-${license === null ? "checking" : license.allowsSelling ? "selling" : "blocked"}`}
        data-testid="license-status"
        data-state={license?.state ?? "checking"}
        title={license?.message ?? ""}
        onClick={onOpenDetails}
      >
        {text.license}: {licenseText(license, text)}
      </button>
      <button
        type="button"
        className={`pill${sync?.lastError ? " sync-failing" : ""}`}
        data-testid="sync-status"
        data-pending={pendingEvents ?? ""}
        data-last-success={sync?.lastSuccessAt ?? ""}
        title={sync?.lastError ?? ""}
        onClick={onOpenDetails}
      >
        {text.sync}: {syncText(pendingEvents, sync, text, locale)}
      </button>
      {printer && (
        <button
          type="button"
          className={`pill${printerNeedsAttention(printer) ? " sync-failing" : ""}`}
          data-testid="printer-status"
          title={printProblemText(printer.lastProblemCode, printer.lastProblem, text) ?? ""}
          onClick={onOpenPrinter}
        >
          {text.printerShort}: {printerText(printer, text)}
        </button>
      )}
      <span className="spacer" />
      {user && (
        <>
          <span data-testid="signed-in-user">
            {text.cashier}: <strong>{user.name}</strong>
          </span>
          <button type="button" className="ghost" onClick={onLock} data-testid="lock-now">
            {text.lockNow}
          </button>
          <button type="button" className="ghost" onClick={onSwitchCashier} data-testid="switch-cashier">
            {text.switchCashier}
          </button>
        </>
      )}
      <label className="compact">
        {text.language}
        <select data-testid="language" value={locale} onChange={(event) => onLocale(event.target.value as Locale)}>
          <option value="pt-BR">Português</option>
          <option value="en">English</option>
        </select>
      </label>
      <label className="compact">
        {text.theme}
        <select data-testid="theme" value={theme} onChange={(event) => onTheme(event.target.value as Theme)}>
          <option value="system">{text.themeSystem}</option>
          <option value="light">{text.themeLight}</option>
          <option value="dark">{text.themeDark}</option>
        </select>
      </label>
    </footer>
  );
}

function hubShort(hub: HubStatusView | null, text: ReturnType<typeof useText>["text"]): string {
  if (hub === null) return text.hubChecking;
  switch (hub.state) {
    case "not_configured":
      return text.hubShortNone;
    case "online":
      return `${text.hubShortOnline} · ${hub.url}`;
    case "unreachable":
      return `${text.hubShortOffline} · ${hub.url}`;
  }
}

function hubTitle(hub: HubStatusView | null): string {
  if (hub === null || hub.state === "not_configured") return "";
  return hub.state === "online" ? `v${hub.hubVersion}` : hub.message;
}

function syncText(pendingEvents: number | null, sync: SyncStatusView | null, text: ReturnType<typeof useText>["text"], locale: string): string {
  if (pendingEvents === null) return text.syncNotConfigured;
  const backlog = pendingEvents === 0 ? text.syncUpToDate : text.syncPending.replace("{n}", String(pendingEvents));
  const parts = [backlog];
  if (sync?.lastSuccessAt != null) {
    parts.push(text.syncLastAt.replace("{t}", new Date(sync.lastSuccessAt).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" })));
  }
  if (sync?.lastError) parts.push(text.syncFailing);
  return parts.join(" · ");
}

function licenseText(license: LicenseStatusView | null, text: ReturnType<typeof useText>["text"]): string {
  if (license === null) return text.hubChecking;
  const state = (text.licenseStates[license.state] ?? license.state)
    .replace("{d}", String(license.graceDaysLeft ?? 0))
    .replace("{h}", String(license.graceHoursLeft ?? 0));
  return license.clockTampering ? `${state} · ${text.licenseClockTurnedBack}` : state;
}

function printerNeedsAttention(printer: PrinterStatusView_Serialize): boolean {
  return printer.lastProblem !== null || printer.openJobs.some((job) => job.status === "needs_reprint");
}

function printerText(printer: PrinterStatusView_Serialize, text: ReturnType<typeof useText>["text"]): string {
  if (printer.settings === null) {
    return printer.openJobs.length === 0 ? text.printerNotSetUp : `${text.printerNotSetUp} · ${text.printerWaiting.replace("{n}", String(printer.openJobs.length))}`;
  }
  if (printer.openJobs.length === 0) return text.printerReady;
  const waiting = text.printerWaiting.replace("{n}", String(printer.openJobs.length));
  if (!printerNeedsAttention(printer)) return waiting;
  // The printer's own state ("sem papel") says more than "check" where it is known.
  const known = printer.lastProblemCode ? text.printProblemsShort[printer.lastProblemCode] : undefined;
  return `${waiting} · ${known ?? text.printerCheck}`;
}
