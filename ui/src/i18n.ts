// The UI's words in Portuguese (the default) and English. Every visible string goes
// through `messages(locale)` so a missing translation is a type error, not a blank.

export type Locale = "pt-BR" | "en";

const portuguese = {
  appTitle: "F-Flow Store",
  aboutHeading: "Este caixa",
  appVersion: "Versão do aplicativo",
  deviceName: "Dispositivo",
  databasePath: "Banco de dados",
  schemaVersion: "Versão do esquema",
  hubHeading: "F-Flow Hub",
  hubNotConfigured: "Nenhum hub configurado: o caixa funciona sozinho.",
  hubOnline: "Conectado",
  hubUnreachable: "Sem conexão: as vendas continuam e serão enviadas depois.",
  hubChecking: "Verificando…",
  loading: "Carregando…",
  storeUnavailable: "Não foi possível abrir os dados do caixa.",
};

export type Messages = typeof portuguese;

const english: Messages = {
  appTitle: "F-Flow Store",
  aboutHeading: "This counter",
  appVersion: "App version",
  deviceName: "Device",
  databasePath: "Database",
  schemaVersion: "Schema version",
  hubHeading: "F-Flow Hub",
  hubNotConfigured: "No hub configured: the counter works on its own.",
  hubOnline: "Connected",
  hubUnreachable: "Offline: sales go on and will be sent later.",
  hubChecking: "Checking…",
  loading: "Loading…",
  storeUnavailable: "The counter's data could not be opened.",
};

export function messages(locale: Locale): Messages {
  return locale === "en" ? english : portuguese;
}

/// Portuguese unless the system prefers English; any other language gets Portuguese,
/// the language of the stores F-Flow is sold to.
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const language = tag.toLowerCase().split("-")[0];
    if (language === "pt") return "pt-BR";
    if (language === "en") return "en";
  }
  return "pt-BR";
}
