// License and sync details, one click from the status bar: the license as core judges
// it, where sync stands, the recent status checks and a "check now" button.

import type { CommandError, LicenseCheckView, LicenseStatusView, SyncStatusView } from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { useText } from "../textContext";

export function SyncDetailsDialog({ license, sync, checks, checking, error, onCheckNow, onActivate, onClose }: {
  license: LicenseStatusView | null;
  sync: SyncStatusView | null;
  checks: LicenseCheckView[];
  /// A check the person asked for is under way.
  checking: boolean;
  error: CommandError | null;
  onCheckNow: () => void;
  /// Opens the activation dialog; shown while the counter needs an activation.
  onActivate: () => void;
  onClose: () => void;
}) {
  const { text, locale } = useText();
  const when = (at: number | null) => (at === null ? text.never : new Date(at).toLocaleString(locale));
  const needsActivation = license?.state === "not_activated" || license?.state === "deactivated";
  return (
    <Dialog title={text.syncDetailsHeading} testId="sync-details" onClose={onClose} wide>
      <dl className="details">
        <dt>{text.license}</dt>
        <dd data-testid="details-license" data-state={license?.state ?? ""}>
          {license ? (text.licenseStates[license.state] ?? license.state) : text.hubChecking}
          {license?.plan ? ` · ${license.plan}` : ""}
        </dd>
        <dt>{text.syncPendingLabel}</dt>
        <dd data-testid="details-pending">{sync?.pendingEvents ?? "—"}</dd>
        <dt>{text.syncOldestPending}</dt>
        <dd>{sync?.oldestPendingAgeMs == null ? "—" : text.seconds.replace("{n}", String(Math.round(sync.oldestPendingAgeMs / 1000)))}</dd>
        <dt>{text.syncLastSuccess}</dt>
        <dd data-testid="details-last-success">{when(sync?.lastSuccessAt ?? null)}</dd>
        <dt>{text.syncLastError}</dt>
        <dd data-testid="details-last-error">{sync?.lastError ?? "—"}</dd>
      </dl>
      <ErrorLine error={error} />
      <div className="actions">
        <button type="button" className="primary" data-testid="check-now" disabled={checking} onClick={onCheckNow}>
          {checking ? text.hubChecking : text.checkNow}
        </button>
        {needsActivation && (
          <button type="button" data-testid="open-activation" onClick={onActivate}>
            {text.activate}
          </button>
        )}
      </div>
      <h3>{text.recentChecks}</h3>
      {checks.length === 0 ? (
        <p data-testid="no-checks">{text.noChecks}</p>
      ) : (
        <table data-testid="license-checks">
          <tbody>
            {checks.map((check) => (
              <tr key={`${check.checkedAt}-${check.kind}`} data-success={check.success}>
                <td>{when(check.checkedAt)}</td>
                <td>{text.checkKinds[check.kind] ?? check.kind}</td>
                <td>{check.success ? (text.licenseStates[check.statusReceived ?? ""] ?? text.checkOk) : text.checkFailed}</td>
                <td>{check.error ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
