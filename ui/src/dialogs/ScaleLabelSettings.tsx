// The scale label formats in the settings: which EAN-13 prefixes the store's scale
// prints, whether the label carries the weight or the price, and whether the scale adds
// a price check digit. Core checks them and lets only a manager or the owner save.

import { type FormEvent, useEffect, useState } from "react";
import { type CommandError, commands, type ScaleLabelFormatInput } from "../bindings";
import { SelectField } from "../components/SelectField";
import { useText } from "../textContext";

const PREFIXES = ["2", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29"] as const;
type Prefix = (typeof PREFIXES)[number];

export function ScaleLabelSettings({ onError }: { onError: (error: CommandError | null) => void }) {
  const { text } = useText();
  const [formats, setFormats] = useState<ScaleLabelFormatInput[]>([]);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    commands.scaleLabelFormats().then((result) => {
      if (result.status === "ok") setFormats(result.data);
      else onError(result.error);
    });
  }, [onError]);

  const change = (index: number, changed: Partial<ScaleLabelFormatInput>) => {
    setSaved(false);
    setFormats(formats.map((format, at) => (at === index ? { ...format, ...changed } : format)));
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    const result = await commands.saveScaleLabelFormats(formats);
    if (result.status === "error") return onError(result.error);
    onError(null);
    setSaved(true);
  }

  return (
    <form onSubmit={save} className="stack" data-testid="scale-labels">
      <h3>{text.scaleLabels}</h3>
      {formats.length === 0 && <p className="muted">{text.scaleLabelsNone}</p>}
      {formats.map((format, index) => (
        <div className="row" key={`${index}-${format.prefix}`} data-testid="scale-label-format">
          <SelectField
            label={text.scaleLabelPrefix}
            testId={`scale-prefix-${index}`}
            value={format.prefix as Prefix}
            options={PREFIXES.map((prefix) => [prefix, prefix] as const)}
            onChange={(prefix) => change(index, { prefix })}
          />
          <SelectField
            label={text.scaleLabelValue}
            testId={`scale-kind-${index}`}
            value={format.price ? "price" : "weight"}
            options={[["weight", text.scaleLabelWeight], ["price", text.scaleLabelPrice]] as const}
            onChange={(kind) => change(index, { price: kind === "price" })}
          />
          <label>
            <input
              type="checkbox"
              data-testid={`scale-check-${index}`}
              checked={format.priceCheckDigit}
              onChange={(event) => change(index, { priceCheckDigit: event.target.checked })}
            />{" "}
            {text.scaleLabelCheckDigit}
          </label>
          <button type="button" className="ghost" data-testid={`scale-remove-${index}`} onClick={() => setFormats(formats.filter((_, at) => at !== index))}>
            {text.scaleLabelRemove}
          </button>
        </div>
      ))}
      <div className="row">
        <button type="button" data-testid="scale-add" onClick={() => setFormats([...formats, { prefix: "2", price: false, priceCheckDigit: false }])}>
          {text.scaleLabelAdd}
        </button>
        <button type="submit" data-testid="scale-save">
          {text.save}
        </button>
        {saved && <span data-testid="scale-saved">{text.saved}</span>}
      </div>
    </form>
  );
}
