// The store's data for receipts and PIX codes: name, CNPJ, address, receipt footer,
// PIX key and city, and the time zone receipt times are printed in. Core checks and
// normalizes every field and decides who may save; the form shows what core kept.

import { type FormEvent, useEffect, useState } from "react";
import { type CommandError, commands, type StoreProfileInput } from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { SelectField } from "../components/SelectField";
import { TextField } from "../components/TextField";
import { useText } from "../textContext";

type Answer<T> = Promise<{ status: "ok"; data: T } | { status: "error"; error: CommandError }>;

export type StoreProfileCalls = {
  load: () => Answer<StoreProfileInput>;
  save: (profile: StoreProfileInput) => Answer<StoreProfileInput>;
};

const shellCalls: StoreProfileCalls = { load: commands.storeProfile, save: commands.saveStoreProfile };

/// Brazil's time zones, as minutes from UTC.
const TIME_ZONES = ["-120", "-180", "-240", "-300"] as const;

export function StoreProfileDialog({ onClose, calls = shellCalls }: { onClose: () => void; calls?: StoreProfileCalls }) {
  const { text } = useText();
  const [profile, setProfile] = useState<StoreProfileInput | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void calls.load().then((result) => (result.status === "ok" ? setProfile(result.data) : setError(result.error)));
  }, [calls]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (profile === null) return;
    const result = await calls.save(profile);
    if (result.status === "error") {
      setSaved(false);
      return setError(result.error);
    }
    setError(null);
    setProfile(result.data);
    setSaved(true);
  }

  const field = (key: keyof Omit<StoreProfileInput, "utcOffsetMinutes">, label: string, placeholder?: string) => (
    <TextField
      label={label}
      testId={`profile-${key}`}
      placeholder={placeholder}
      value={profile?.[key] ?? ""}
      onChange={(value) => {
        setSaved(false);
        setProfile((current) => current && { ...current, [key]: value });
      }}
    />
  );
  const zone = String(profile?.utcOffsetMinutes ?? -180);
  return (
    <Dialog title={text.storeProfileHeading} testId="store-profile-dialog" onClose={onClose} wide>
      <form onSubmit={save}>
        {field("name", text.profileName)}
        <div className="row">
          {field("cnpj", text.profileCnpj, "00.000.000/0000-00")}
          <SelectField
            label={text.profileTimeZone}
            testId="profile-time-zone"
            value={(TIME_ZONES as readonly string[]).includes(zone) ? zone : "-180"}
            options={TIME_ZONES.map((minutes) => [minutes, text.timeZones[minutes] ?? minutes] as const)}
            onChange={(minutes) => setProfile((current) => current && { ...current, utcOffsetMinutes: Number(minutes) })}
          />
        </div>
        {field("address", text.profileAddress)}
        {field("receiptFooter", text.profileFooter)}
        <div className="row">
          {field("pixKey", text.profilePixKey, text.profilePixKeyHint)}
          {field("pixCity", text.profilePixCity)}
        </div>
        <button type="submit" className="primary" data-testid="profile-save" disabled={profile === null}>
          {text.save}
        </button>
        {saved && <span data-testid="profile-saved"> {text.saved}</span>}
      </form>
      <ErrorLine error={error} />
    </Dialog>
  );
}
