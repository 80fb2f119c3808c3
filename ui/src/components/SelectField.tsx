// A labelled choice among a few options, the value held by the form that uses it.

export function SelectField<Value extends string>({ label, testId, value, options, onChange }: {
  label: string;
  testId: string;
  value: Value;
  /// Each option as [value, label], in the order shown.
  options: readonly (readonly [Value, string])[];
  onChange: (value: Value) => void;
}) {
  return (
    <label>
      {label}
      <select data-testid={testId} value={value} onChange={(event) => onChange(event.target.value as Value)}>
        {options.map(([option, optionLabel]) => (
          <option key={option} value={option}>
            {optionLabel}
          </option>
        ))}
      </select>
    </label>
  );
}
