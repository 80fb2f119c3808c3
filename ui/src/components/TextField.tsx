// A labelled text field: the label above, the value held by the form that uses it.

export function TextField({ label, testId, value, onChange, numeric, placeholder, autoFocus }: {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  /// Amounts and quantities: the touch keyboard shows digits.
  numeric?: boolean;
  placeholder?: string;
  autoFocus?: boolean;
}) {
  return (
    <label>
      {label}
      <input
        data-testid={testId}
        inputMode={numeric ? "decimal" : undefined}
        placeholder={placeholder}
        autoFocus={autoFocus}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}
