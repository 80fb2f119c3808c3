//! The receipt of a sale as a print document: store header, sale code, date, cashier,
//! lines, discounts, taxes, payments, change, the PIX QR code where PIX was used, and the
//! footer. Amounts are formatted here, in BRL, so devices never handle money.

use fflow_devices::escpos::RenderError;
use fflow_devices::print_document::{PaperWidth, PrintBlock, PrintDocument};
use fflow_devices::receipt_png::render_receipt_png;
use rusqlite::{Connection, OptionalExtension};

use crate::cash::drawer_wiring::{DrawerWiring, drawer_wiring_on};
use crate::money::Cents;
use crate::pix::{PixReceiver, static_br_code};
use crate::sale::find_sale_id;
use crate::settings::read_setting;
use crate::{CoreError, StoreDatabase};

/// Settings keys the receipt reads.
pub const STORE_NAME: &str = "store_name";
pub const STORE_CNPJ: &str = "store_cnpj";
pub const STORE_ADDRESS: &str = "store_address";
pub const RECEIPT_FOOTER: &str = "receipt_footer";
pub const PIX_KEY: &str = "pix_key";
pub const PIX_CITY: &str = "pix_city";
/// Minutes east of UTC for printed times; Brasília (UTC−3) when unset.
pub const UTC_OFFSET_MINUTES: &str = "utc_offset_minutes";

/// The sale's own row, as the receipt prints it.
struct SaleHeader {
    sale_id: String,
    code: String,
    cashier: String,
    /// The customer's name and document, when the sale names one.
    customer: Option<(String, Option<String>)>,
    completed_at: i64,
    gross: i64,
    discount: i64,
    tax: i64,
    total: i64,
    change: i64,
}

/// "CPF 529.982.247-25" or "CNPJ 11.222.333/0001-81" from a stored (normalized) document.
fn document_line(document: &str) -> String {
    let piece = |range: std::ops::Range<usize>| document.get(range).unwrap_or_default();
    match document.len() {
        11 => format!(
            "CPF {}.{}.{}-{}",
            piece(0..3),
            piece(3..6),
            piece(6..9),
            piece(9..11)
        ),
        14 => format!(
            "CNPJ {}.{}.{}/{}-{}",
            piece(0..2),
            piece(2..5),
            piece(5..8),
            piece(8..12),
            piece(12..14)
        ),
        _ => format!("Documento {document}"),
    }
}

/// The receipt of sale `sale_id` (its id or code).
pub fn receipt_for_sale(database: &StoreDatabase, sale: &str) -> Result<PrintDocument, CoreError> {
    database.read(|connection| build(connection, sale))
}

/// The receipt of sale `sale` (its id or code) as a PNG picture of the paper, one pixel a
/// printer dot, for showing the cashier or sending the customer what would be printed.
pub fn receipt_png(
    database: &StoreDatabase,
    sale: &str,
    paper: PaperWidth,
) -> Result<Vec<u8>, CoreError> {
    let document = receipt_for_sale(database, sale)?;
    render_receipt_png(&document, paper).map_err(unrenderable_receipt)
}

/// A receipt the devices cannot render (a QR payload too long for a symbol) is bad input
/// for the sale's receipt, whether it was meant for paper or for the preview.
pub(crate) fn unrenderable_receipt(error: RenderError) -> CoreError {
    CoreError::InvalidInput {
        field: "receipt",
        reason: error.to_string(),
    }
}

fn build(connection: &Connection, sale: &str) -> Result<PrintDocument, CoreError> {
    let setting = |key: &str| read_setting(connection, key);
    let sale_id = find_sale_id(connection, sale)?;
    let header: Option<SaleHeader> = connection
        .prepare_cached(
            "SELECT s.id, s.code, u.name, s.completed_at, s.gross_cents, s.discount_cents,
                    s.tax_cents, s.total_cents, s.change_cents, c.name, c.document
             FROM sales s JOIN till_users u ON u.id = s.cashier_id
             LEFT JOIN customers c ON c.id = s.customer_id
             WHERE s.id = ?1",
        )?
        .query_row([&sale_id], |row| {
            Ok(SaleHeader {
                sale_id: row.get(0)?,
                code: row.get(1)?,
                cashier: row.get(2)?,
                completed_at: row.get(3)?,
                gross: row.get(4)?,
                discount: row.get(5)?,
                tax: row.get(6)?,
                total: row.get(7)?,
                change: row.get(8)?,
                customer: row
                    .get::<_, Option<String>>(9)?
                    .map(|name| Ok::<_, rusqlite::Error>((name, row.get(10)?)))
                    .transpose()?,
            })
        })
        .optional()?;
    let SaleHeader {
        sale_id,
        code,
        cashier,
        completed_at,
        gross,
        discount,
        tax,
        total,
        change,
        customer,
    } = header.ok_or_else(|| CoreError::UnknownSale(sale.to_owned()))?;
    let offset_minutes: i64 = setting(UTC_OFFSET_MINUTES)?
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(-180);

    let store_name = setting(STORE_NAME)?.unwrap_or_else(|| "F-Flow Store".to_owned());
    let mut blocks = vec![PrintBlock::Heading(store_name.clone())];
    if let Some(cnpj) = setting(STORE_CNPJ)? {
        // Saved normalized (store_profile); older stores may hold it as typed.
        let digits: String = cnpj.chars().filter(char::is_ascii_alphanumeric).collect();
        let line = if digits.len() == 14 {
            document_line(&digits)
        } else {
            format!("CNPJ {cnpj}")
        };
        blocks.push(PrintBlock::Centered(line));
    }
    if let Some(address) = setting(STORE_ADDRESS)? {
        blocks.push(PrintBlock::Centered(address));
    }
    blocks.push(PrintBlock::Separator);
    blocks.push(PrintBlock::Text(format!(
        "Venda {code}  {}",
        local_time(completed_at, offset_minutes)
    )));
    blocks.push(PrintBlock::Text(format!("Operador: {cashier}")));
    if let Some((name, document)) = customer {
        blocks.push(PrintBlock::Text(format!("Cliente: {name}")));
        if let Some(document) = document {
            blocks.push(PrintBlock::Text(document_line(&document)));
        }
    }
    blocks.push(PrintBlock::Separator);

    let mut lines = connection.prepare_cached(
        "SELECT l.name, l.quantity_milli, l.unit_price_cents, p.unit, l.line_discount_cents, l.total_cents
         FROM sale_lines l JOIN products p ON p.id = l.product_id
         WHERE l.sale_id = ?1 ORDER BY l.line_no",
    )?;
    let rows = lines.query_map([&sale_id], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, i64>(4)?,
            row.get::<_, i64>(5)?,
        ))
    })?;
    for row in rows {
        let (name, quantity_milli, unit_price, unit, line_discount, line_total) = row?;
        let quantity = quantity_text(quantity_milli, &unit);
        let mut description = format!("{quantity} x {} {name}", brl(Cents(unit_price)));
        if line_discount > 0 {
            description.push_str(&format!(" (desc. {})", brl(Cents(line_discount))));
        }
        blocks.push(PrintBlock::Item {
            description,
            amount: brl(Cents(line_total)),
        });
    }
    blocks.push(PrintBlock::Separator);
    if discount > 0 {
        blocks.push(PrintBlock::Item {
            description: "Subtotal".to_owned(),
            amount: brl(Cents(gross)),
        });
        blocks.push(PrintBlock::Item {
            description: "Descontos".to_owned(),
            amount: format!("-{}", brl(Cents(discount))),
        });
    }
    blocks.push(PrintBlock::Total {
        label: "TOTAL".to_owned(),
        amount: brl(Cents(total)),
    });

    let mut payments = connection.prepare_cached(
        "SELECT m.label, p.kind, p.amount_cents FROM sale_payments p
         JOIN payment_methods m ON m.code = p.method_code WHERE p.sale_id = ?1 ORDER BY p.position",
    )?;
    let mut pix_cents = 0_i64;
    for row in payments.query_map([&sale_id], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)?,
        ))
    })? {
        let (label, kind, amount) = row?;
        if kind == "pix" {
            pix_cents += amount;
        }
        blocks.push(PrintBlock::Item {
            description: label,
            amount: brl(Cents(amount)),
        });
    }
    if change > 0 {
        blocks.push(PrintBlock::Total {
            label: "TROCO".to_owned(),
            amount: brl(Cents(change)),
        });
    }
    blocks.push(PrintBlock::Text(format!(
        "Tributos aproximados: {}",
        brl(Cents(tax))
    )));
    if pix_cents > 0
        && let (Some(key), Some(city)) = (setting(PIX_KEY)?, setting(PIX_CITY)?)
    {
        let receiver = PixReceiver {
            key,
            name: store_name,
            city,
        };
        let txid: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
        blocks.push(PrintBlock::Centered("PIX".to_owned()));
        blocks.push(PrintBlock::QrCode {
            payload: static_br_code(&receiver, Some(Cents(pix_cents)), &txid)?,
        });
    }

    if let Some(footer) = setting(RECEIPT_FOOTER)? {
        blocks.push(PrintBlock::Separator);
        blocks.push(PrintBlock::Centered(footer));
    }
    let paid_cash: bool = connection
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sale_payments WHERE sale_id = ?1 AND kind = 'cash')",
        )?
        .query_row([&sale_id], |row| row.get(0))?;
    // A drawer on a GPIO pin is opened by the counter after the sale, not by the printer.
    let drawer_on_printer = matches!(drawer_wiring_on(connection)?, DrawerWiring::ReceiptPrinter);
    Ok(PrintDocument {
        blocks,
        open_cash_drawer: paid_cash && drawer_on_printer,
    })
}

/// `R$ 1.234,56`.
pub fn brl(amount: Cents) -> String {
    let sign = if amount.0 < 0 { "-" } else { "" };
    let absolute = amount.0.unsigned_abs();
    let reais = (absolute / 100).to_string();
    let mut grouped = String::new();
    for (index, digit) in reais.chars().enumerate() {
        if index > 0 && (reais.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    format!("{sign}R$ {grouped},{:02}", absolute % 100)
}

/// `3` for units, `1,250 kg` for weights.
fn quantity_text(quantity_milli: i64, unit: &str) -> String {
    if unit == "kg" {
        format!("{},{:03} kg", quantity_milli / 1000, quantity_milli % 1000)
    } else if quantity_milli % 1000 == 0 {
        (quantity_milli / 1000).to_string()
    } else {
        format!("{},{:03}", quantity_milli / 1000, quantity_milli % 1000)
    }
}

/// `dd/mm/yyyy hh:mm` at `offset_minutes` from UTC (civil calendar from days since epoch).
fn local_time(unix_millis: i64, offset_minutes: i64) -> String {
    let minutes = unix_millis.div_euclid(60_000) + offset_minutes;
    let (days, minute_of_day) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{day:02}/{month:02}/{year} {:02}:{:02}",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_quantities_and_dates_as_printed() {
        assert_eq!(brl(Cents(0)), "R$ 0,00");
        assert_eq!(brl(Cents(123_456_789)), "R$ 1.234.567,89");
        assert_eq!(brl(Cents(-5)), "-R$ 0,05");
        assert_eq!(quantity_text(1250, "kg"), "1,250 kg");
        assert_eq!(quantity_text(3000, "un"), "3");
        // 2026-11-23 15:00 UTC is 12:00 in Brasília.
        assert_eq!(local_time(1_795_446_000_000, -180), "23/11/2026 12:00");
        assert_eq!(local_time(0, 0), "01/01/1970 00:00");
        assert_eq!(
            local_time(951_782_400_000, 0),
            "29/02/2000 00:00",
            "leap day"
        );
    }

    #[test]
    fn customer_documents_as_printed() {
        assert_eq!(document_line("52998224725"), "CPF 529.982.247-25");
        assert_eq!(document_line("11222333000181"), "CNPJ 11.222.333/0001-81");
        assert_eq!(document_line("12ABC34501DE35"), "CNPJ 12.ABC.345/01DE-35");
        assert_eq!(document_line("123"), "Documento 123");
    }
}
