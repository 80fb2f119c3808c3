// Time-zone names shown in the store settings, the same in every language.

/// Brazil's time zones by minutes from UTC; place names read the same in both languages.
export const TIME_ZONE_NAMES: Record<string, string> = {
  "-120": "UTC−2 (Fernando de Noronha)",
  "-180": "UTC−3 (Brasília)",
  "-240": "UTC−4 (Manaus)",
  "-300": "UTC−5 (Rio Branco)",
};
