import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { messages } from "../i18n";
import { HubStatusPanel } from "./HubStatusPanel";
import { StoreInfoPanel } from "./StoreInfoPanel";

afterEach(cleanup);

describe("StoreInfoPanel", () => {
  it("shows what the core reported, under Portuguese labels", () => {
    render(
      <StoreInfoPanel
        info={{ appVersion: "1.2.3", deviceName: "caixa-01", databasePath: "/data/fflow-store.sqlite3", schemaVersion: 4 }}
        text={messages("pt-BR")}
      />,
    );
    expect(screen.getByTestId("app-version").textContent).toBe("1.2.3");
    expect(screen.getByTestId("device-name").textContent).toBe("caixa-01");
    expect(screen.getByTestId("database-path").textContent).toBe("/data/fflow-store.sqlite3");
    expect(screen.getByText("Versão do aplicativo")).toBeTruthy();
  });
});

describe("HubStatusPanel", () => {
  it("says the counter keeps selling when the hub is unreachable", () => {
    render(
      <HubStatusPanel
        status={{ state: "unreachable", url: "http://hub", code: "hub_unreachable", message: "refused" }}
        text={messages("pt-BR")}
      />,
    );
    const status = screen.getByTestId("hub-status");
    expect(status.dataset.state).toBe("unreachable");
    expect(status.textContent).toContain("as vendas continuam");
  });

  it("shows the hub version when online, in English too", () => {
    render(<HubStatusPanel status={{ state: "online", url: "http://hub", hubVersion: "0.1.0" }} text={messages("en")} />);
    expect(screen.getByTestId("hub-status").textContent).toBe("Connected: http://hub (v0.1.0)");
  });
});
