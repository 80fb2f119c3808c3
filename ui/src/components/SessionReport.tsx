// An X or Z report as core computed it: the session's totals and, per payment method,
// what the drawer should hold, what was counted and the difference.

import type { SessionReportView_Serialize } from "../bindings";
import { formatCents } from "../money";
import { useText } from "../textContext";

export function SessionReport({ report, testId }: { report: SessionReportView_Serialize; testId: string }) {
  const { text, locale } = useText();
  const money = (cents: number) => formatCents(cents, locale);
  const rows: [string, string, string][] = [
    [text.openingFloatShort, money(report.openingFloatCents), "float"],
    [text.salesCount, String(report.salesCount), "sales-count"],
    [text.salesTotal, money(report.salesTotalCents), "sales-total"],
    [text.discounts, money(report.discountCents), "discounts"],
    [text.changeGiven, money(report.changeCents), "change"],
    [text.returnsCount, String(report.returnsCount), "returns-count"],
    [text.refunds, money(report.refundsCents), "refunds"],
    [text.cashInTotal, money(report.cashInCents), "cash-in"],
    [text.cashOutTotal, money(report.cashOutCents), "cash-out"],
  ];
  return (
    <div className="report" data-testid={testId}>
      <dl>
        {rows.map(([label, value, id]) => (
          <div key={id} className="report-row">
            <dt>{label}</dt>
            <dd data-testid={`${testId}-${id}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <table className="methods">
        <thead>
          <tr>
            <th>{text.method}</th>
            <th className="number">{text.expected}</th>
            <th className="number">{text.counted}</th>
            <th className="number">{text.difference}</th>
          </tr>
        </thead>
        <tbody>
          {report.methods.map((method) => (
            <tr key={method.methodCode} data-testid={`${testId}-method-${method.methodCode}`}>
              <td>{method.label}</td>
              <td className="number">{money(method.expectedCents)}</td>
              <td className="number">{method.countedCents === null ? "—" : money(method.countedCents)}</td>
              <td className="number">{method.differenceCents === null ? "—" : money(method.differenceCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
