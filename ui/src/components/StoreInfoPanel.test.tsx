import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { messages } from "../i18n";
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
