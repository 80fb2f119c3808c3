// Naming the customer of the sale (F5): one search box for a name, a phone or a CPF/CNPJ
// with results as the cashier types, or a short form to add someone new at the counter.

import { useState } from "react";
import { type CommandError, commands, type CustomerView } from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { TextField } from "../components/TextField";
import { useTypeahead } from "../components/useTypeahead";
import { useText } from "../textContext";

export function CustomerDialog({ current, onPick, onClose }: {
  current: CustomerView | null;
  onPick: (customer: CustomerView | null) => void;
  onClose: () => void;
}) {
  const { text } = useText();
  const { typed, setTyped, results, active, error, onKeyDown } = useTypeahead(commands.findCustomers, (customer) => onPick(customer));
  const [adding, setAdding] = useState(false);

  if (adding) return <NewCustomerForm typed={typed} onAdded={onPick} onClose={onClose} />;
  return (
    <Dialog title={text.customerTitle} testId="customer-dialog" onClose={onClose} wide>
      <input
        data-testid="customer-search"
        className="scan"
        placeholder={text.customerSearchPlaceholder}
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <ul className="results customer-results" data-testid="customer-results">
        {typed.trim() !== "" && results.length === 0 && <li className="muted">{text.customerNoneFound}</li>}
        {results.map((customer, index) => (
          <li
            key={customer.id}
            data-testid={`customer-${customer.id}`}
            className={index === active ? "active" : undefined}
            onClick={() => onPick(customer)}
          >
            <span>
              <strong>{customer.name}</strong>
            </span>
            <span className="muted">{customer.phone ?? ""}</span>
            <span className="muted">{customer.document ?? ""}</span>
          </li>
        ))}
      </ul>
      <ErrorLine error={error} />
      <div className="row">
        {current && (
          <button type="button" data-testid="customer-clear" onClick={() => onPick(null)}>
            {text.customerClear}
          </button>
        )}
        <button type="button" data-testid="customer-new" onClick={() => setAdding(true)}>
          {text.customerNew}
        </button>
      </div>
    </Dialog>
  );
}

/// What was typed in the search goes where it most likely belongs: digits to the phone,
/// anything else to the name.
function NewCustomerForm({ typed, onAdded, onClose }: {
  typed: string;
  onAdded: (customer: CustomerView) => void;
  onClose: () => void;
}) {
  const { text } = useText();
  const digits = /^[\d\s().+-]+$/.test(typed.trim());
  const [name, setName] = useState(digits ? "" : typed.trim());
  const [phone, setPhone] = useState(digits ? typed.trim() : "");
  const [document, setDocument] = useState("");
  const [email, setEmail] = useState("");
  const [error, setError] = useState<CommandError | null>(null);
  const [saving, setSaving] = useState(false);
  const orNull = (value: string) => (value.trim() === "" ? null : value.trim());

  async function save() {
    setSaving(true);
    const result = await commands.addCustomer({ name, phone: orNull(phone), email: orNull(email), document: orNull(document) });
    setSaving(false);
    if (result.status === "ok") onAdded(result.data);
    else setError(result.error);
  }

  return (
    <Dialog title={text.customerNew} testId="customer-form" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <TextField label={text.customerName} testId="customer-name" value={name} onChange={setName} autoFocus />
        <TextField label={text.customerPhone} testId="customer-phone" value={phone} onChange={setPhone} numeric />
        <TextField label={text.customerDocument} testId="customer-document" value={document} onChange={setDocument} />
        <TextField label={text.customerEmail} testId="customer-email" value={email} onChange={setEmail} />
        <ErrorLine error={error} />
        <button type="submit" className="primary" data-testid="customer-save" disabled={saving || name.trim() === ""}>
          {text.customerSave}
        </button>
      </form>
    </Dialog>
  );
}
