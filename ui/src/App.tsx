// The app's root: first run, sign-in and lock, the sale screen, and the status bar that
// stays at the foot of every screen.

import { useCallback, useEffect, useState } from "react";
import {
  type CommandError,
  commands,
  type HubStatusView,
  type LicenseCheckView,
  type LicenseStatusView,
  type PaymentMethodView,
  type PrinterStatusView_Serialize,
  type SignInScreenView,
  type StoreInfoView,
  type SyncStatusView,
  type TillUserView,
} from "./bindings";
import { ActivationDialog } from "./dialogs/ActivationDialog";
import { PrinterDialog } from "./dialogs/PrinterDialog";
import { SyncDetailsDialog } from "./dialogs/SyncDetailsDialog";
import { ErrorLine } from "./components/ErrorLine";
import { StoreInfoPanel } from "./components/StoreInfoPanel";
import { StatusBar } from "./components/StatusBar";
import { type Locale, messages, pickLocale } from "./i18n";
import { applyTheme, localeFrom, type Theme, themeFrom } from "./preferences";
import { FirstRunSetup } from "./screens/FirstRunSetup";
import { SaleScreen } from "./screens/SaleScreen";
import { SignIn } from "./screens/SignIn";
import { TextContext } from "./textContext";
import { useIdleLock } from "./useIdleLock";

/// How often the status bar asks whether the hub answers.
const HUB_CHECK_EVERY_MS = 30_000;
/// How often the status bar reads the printer's queue (a local read): a receipt that
/// printed, or one that waits, shows within seconds.
const PRINTER_CHECK_EVERY_MS = 5_000;

export function App() {
  const [locale, setLocale] = useState<Locale>(() => pickLocale(navigator.languages));
  const [theme, setTheme] = useState<Theme>("system");
  const text = messages(locale);
  const [store, setStore] = useState<StoreInfoView | null>(null);
  const [screen, setScreen] = useState<SignInScreenView | null>(null);
  const [methods, setMethods] = useState<PaymentMethodView[]>([]);
  const [error, setError] = useState<CommandError | null>(null);
  const [hub, setHub] = useState<HubStatusView | null>(null);
  const [pendingEvents, setPendingEvents] = useState<number | null>(null);
  const [license, setLicense] = useState<LicenseStatusView | null>(null);
  const [user, setUser] = useState<TillUserView | null>(null);
  const [locked, setLocked] = useState(false);
  const [sync, setSync] = useState<SyncStatusView | null>(null);
  const [checks, setChecks] = useState<LicenseCheckView[]>([]);
  const [checking, setChecking] = useState(false);
  const [hubError, setHubError] = useState<CommandError | null>(null);
  const [openDialog, setOpenDialog] = useState<"activation" | "details" | "printer" | null>(null);
  const [printer, setPrinter] = useState<PrinterStatusView_Serialize | null>(null);
  const checkPrinter = useCallback(() => {
    void commands.printerStatus().then((result) => result.status === "ok" && setPrinter(result.data));
  }, []);
  useEffect(() => {
    checkPrinter();
    const timer = window.setInterval(checkPrinter, PRINTER_CHECK_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [checkPrinter]);

  // After every sale, and with each hub check: what waits to be sent, and whether the
  // license still allows selling (it can run out while the counter is open).
  const countBacklog = useCallback(() => {
    void commands.syncBacklog().then((result) => result.status === "ok" && setPendingEvents(result.data.pendingEvents));
    void commands.licenseStatus().then((result) => result.status === "ok" && setLicense(result.data));
    void commands.syncStatus().then((result) => result.status === "ok" && setSync(result.data));
  }, []);
  // Dialogs of the status bar live outside the sale screen, so closing one gives the
  // focus back to the scan field by hand: the next scanner burst must land there.
  const closeHubDialog = useCallback(() => {
    setOpenDialog(null);
    requestAnimationFrame(() => document.querySelector<HTMLElement>("[data-testid=scan]")?.focus());
  }, []);
  const openDetails = useCallback(() => {
    setHubError(null);
    setOpenDialog("details");
    countBacklog();
    void commands.licenseChecks().then((result) => result.status === "ok" && setChecks(result.data));
  }, [countBacklog]);
  const checkNow = useCallback(async () => {
    setChecking(true);
    const result = await commands.checkLicenseNow();
    setChecking(false);
    if (result.status === "ok") {
      setLicense(result.data);
      setHubError(null);
    } else setHubError(result.error);
    countBacklog();
    void commands.licenseChecks().then((answer) => answer.status === "ok" && setChecks(answer.data));
  }, [countBacklog]);
  // An owner or manager who signs in on a counter that has a hub and needs activation is
  // asked for the code at once; a cashier is not (they could not activate anyway), nor is
  // anyone on a counter without a hub, which has nothing to activate against.
  // Decided when all three are known, in whatever order they arrive: the hub check and
  // the license read are asynchronous and may land after the sign-in.
  const hubConfigured = hub !== null && hub.state !== "not_configured";
  const [askedToActivate, setAskedToActivate] = useState<string | null>(null);
  const signedIn = useCallback((who: TillUserView) => {
    setUser(who);
    void commands.licenseStatus().then((result) => result.status === "ok" && setLicense(result.data));
  }, []);
  useEffect(() => {
    if (user === null || !user.approves || !hubConfigured || askedToActivate === user.id) return;
    if (license?.state !== "not_activated" && license?.state !== "deactivated") return;
    setAskedToActivate(user.id);
    setOpenDialog("activation");
  }, [user, hubConfigured, license, askedToActivate]);
  const loadSignIn = useCallback(async () => {
    const result = await commands.signInScreen();
    if (result.status === "ok") setScreen(result.data);
    else setError(result.error);
  }, []);

  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  useEffect(() => {
    commands.displayPreferences().then((result) => {
      if (result.status !== "ok") return;
      setLocale(localeFrom(result.data, pickLocale(navigator.languages)));
      setTheme(themeFrom(result.data));
    });
    commands.storeInfo().then((result) => (result.status === "ok" ? setStore(result.data) : setError(result.error)));
    commands.paymentMethods().then((result) => result.status === "ok" && setMethods(result.data));
    void loadSignIn();
    const checkHub = () => {
      void commands.hubStatus().then(setHub);
      countBacklog();
    };
    checkHub();
    const timer = window.setInterval(checkHub, HUB_CHECK_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [loadSignIn, countBacklog]);

  const lock = useCallback(() => {
    void commands.signOut();
    setLocked(true);
  }, []);
  const switchCashier = useCallback(() => {
    void commands.signOut();
    setLocked(false);
    setUser(null);
    void loadSignIn();
  }, [loadSignIn, countBacklog]);
  useIdleLock(user !== null && !locked, screen?.lockAfterSeconds ?? 300, lock);

  let body;
  if (error && !screen) {
    body = (
      <div className="card narrow">
        <p data-testid="store-error">{text.storeUnavailable}</p>
        <ErrorLine error={error} />
      </div>
    );
  } else if (screen === null) {
    body = <p className="card narrow">{text.loading}</p>;
  } else if (screen.needsFirstOwner) {
    body = <FirstRunSetup onCreated={() => void loadSignIn()} />;
  } else if (user === null) {
    body = <SignIn users={screen.users} lockedBy={null} onSignedIn={signedIn} />;
  }

  return (
    <TextContext.Provider value={{ text, locale }}>
      <div className="app">
        <main className="app-body">
          {body ?? (
            <>
              {/* Inert while locked: nothing behind the lock screen can take the focus
                  or a key, not even the scan field that otherwise keeps the focus. */}
              <div className="app-body" inert={locked}>
                <SaleScreen
                  users={screen?.users ?? []}
                  methods={methods}
                  lockAfterSeconds={screen?.lockAfterSeconds ?? 300}
                  onCommitted={countBacklog}
                  onSettingsChanged={() => void loadSignIn()}
                />
              </div>
              {locked && user && (
                <div className="dialog-backdrop opaque">
                  <SignIn users={screen?.users.filter((candidate) => candidate.id === user.id) ?? []} lockedBy={user} onSignedIn={(again) => {
                    setUser(again);
                    setLocked(false);
                  }} />
                </div>
              )}
            </>
          )}
          {body && store && (
            <div className="about">
              <StoreInfoPanel info={store} text={text} />
            </div>
          )}
        </main>
        <StatusBar
          hub={hub}
          license={license}
          pendingEvents={pendingEvents}
          user={locked ? null : user}
          theme={theme}
          onLocale={(next) => {
            setLocale(next);
            void commands.saveDisplayPreferences(next, theme);
          }}
          onTheme={(next) => {
            setTheme(next);
            void commands.saveDisplayPreferences(locale, next);
          }}
          onSwitchCashier={switchCashier}
          onLock={lock}
          sync={sync}
          onOpenDetails={openDetails}
          printer={user && !locked ? printer : null}
          onOpenPrinter={() => setOpenDialog("printer")}
        />
        {openDialog === "printer" && (
          <PrinterDialog
            managers={screen?.users.filter((candidate) => candidate.approves) ?? []}
            onClose={() => {
              closeHubDialog();
              checkPrinter();
            }}
          />
        )}
        {openDialog === "details" && (
          <SyncDetailsDialog
            license={license}
            sync={sync}
            checks={checks}
            checking={checking}
            error={hubError}
            onCheckNow={() => void checkNow()}
            onActivate={() => setOpenDialog("activation")}
            onClose={closeHubDialog}
          />
        )}
        {openDialog === "activation" && (
          <ActivationDialog
            defaultDeviceName={store?.deviceName ?? ""}
            activate={commands.activateCounter}
            onActivated={(activated) => {
              setLicense(activated);
              closeHubDialog();
              countBacklog();
            }}
            onClose={closeHubDialog}
          />
        )}
      </div>
    </TextContext.Provider>
  );
}
