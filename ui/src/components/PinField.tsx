// A labelled PIN field: hidden as it is typed, digits on a touch keyboard, never
// remembered by the browser.

export function PinField({ label, testId, value, onChange, autoFocus }: {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  autoFocus?: boolean;
}) {
  return (
    <label>
      {label}
      <input data-testid={testId} type="password" inputMode="numeric" autoComplete="off" autoFocus={autoFocus} value={value} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}
