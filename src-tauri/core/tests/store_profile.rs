//! The store's data for receipts and PIX, edited by the owner or a manager: saved
//! normalized in one transaction with an audit row, printed on the next receipt, and
//! refused whole (nothing saved, nothing audited) when any field is wrong or a cashier
//! asks.

mod support;

use fflow_core::StoreDatabase;
use fflow_core::cash::open_session;
use fflow_core::receipt::receipt_for_sale;
use fflow_core::store_profile::{
    StoreProfile, normalized_pix_key, save_store_profile, store_profile,
};
use fflow_devices::print_document::PrintBlock;
use support::{count, pay, sell_two_bags, store};

fn profile() -> StoreProfile {
    StoreProfile {
        name: "  Pet Shop São João ".to_owned(),
        cnpj: "11.222.333/0001-81".to_owned(),
        address: "Rua das Flores, 10 - Centro".to_owned(),
        receipt_footer: "Obrigado pela preferência!".to_owned(),
        pix_key: "+55 (11) 91234-5678".to_owned(),
        pix_city: "São Paulo".to_owned(),
        utc_offset_minutes: -180,
    }
}

fn audit_rows(database: &StoreDatabase) -> i64 {
    count(database, "audit_log WHERE action = 'store_profile.changed'")
}

#[test]
fn a_manager_saves_the_profile_normalized_and_the_next_receipt_carries_it() {
    let store = store();
    let saved = save_store_profile(&store.database, &store.manager.id, &profile())
        .expect("a manager may change the store's data");
    assert_eq!(saved.name, "Pet Shop São João");
    assert_eq!(saved.cnpj, "11222333000181");
    assert_eq!(saved.pix_key, "+5511912345678");
    assert_eq!(store_profile(&store.database).expect("read back"), saved);
    assert_eq!(audit_rows(&store.database), 1);

    open_session(&store.database, &store.cashier.id, 0).expect("open a session");
    let sale = sell_two_bags(&store, vec![pay("cash", 2000)]);
    let receipt = receipt_for_sale(&store.database, &sale.id).expect("the receipt");
    assert_eq!(
        receipt.blocks[..3],
        [
            PrintBlock::Heading("Pet Shop São João".to_owned()),
            PrintBlock::Centered("CNPJ 11.222.333/0001-81".to_owned()),
            PrintBlock::Centered("Rua das Flores, 10 - Centro".to_owned()),
        ]
    );
    assert!(
        receipt.blocks.contains(&PrintBlock::Centered(
            "Obrigado pela preferência!".to_owned()
        )),
        "the footer is printed: {:?}",
        receipt.blocks
    );
}

#[test]
fn a_cashier_cannot_change_the_store_data() {
    let store = store();
    let before = store_profile(&store.database).expect("read");
    let refused = save_store_profile(&store.database, &store.cashier.id, &profile())
        .expect_err("a cashier may not");
    assert_eq!(refused.code(), "manager_approval_required");
    assert_eq!(store_profile(&store.database).expect("read"), before);
    assert_eq!(audit_rows(&store.database), 0);
}

/// Makes one field of a profile wrong.
type Spoil = fn(&mut StoreProfile);

#[test]
fn any_wrong_field_refuses_the_whole_edit() {
    let store = store();
    save_store_profile(&store.database, &store.manager.id, &profile()).expect("a first save");
    let saved = store_profile(&store.database).expect("read");
    let cases: [(&str, Spoil, &str); 6] = [
        ("no name", |p| p.name = "   ".to_owned(), "invalid_input"),
        (
            "bad CNPJ",
            |p| p.cnpj = "11.222.333/0001-82".to_owned(),
            "invalid_document",
        ),
        (
            "unknown key form",
            |p| p.pix_key = "loja".to_owned(),
            "invalid_input",
        ),
        (
            "key without city",
            |p| p.pix_city = String::new(),
            "invalid_input",
        ),
        (
            "long city",
            |p| p.pix_city = "São José dos Campos".to_owned(),
            "invalid_input",
        ),
        ("offset", |p| p.utc_offset_minutes = 900, "invalid_input"),
    ];
    for (case, spoil, code) in cases {
        let mut edit = profile();
        edit.address = "Outro endereço".to_owned();
        spoil(&mut edit);
        let refused =
            save_store_profile(&store.database, &store.manager.id, &edit).expect_err(case);
        assert_eq!(refused.code(), code, "{case}: {refused}");
        assert_eq!(
            store_profile(&store.database).expect("read"),
            saved,
            "{case}: nothing changed, not even the address"
        );
    }
    assert_eq!(
        audit_rows(&store.database),
        1,
        "only the first save is audited"
    );
}

#[test]
fn pix_keys_are_kept_in_the_form_the_br_code_carries() {
    for (typed, kept) in [
        ("Loja@Example.com", "loja@example.com"),
        ("+55 11 3456-7890", "+551134567890"),
        ("529.982.247-25", "52998224725"),
        ("11.222.333/0001-81", "11222333000181"),
        (
            "123E4567-E12B-12D1-A456-426655440000",
            "123e4567-e12b-12d1-a456-426655440000",
        ),
        ("", ""),
    ] {
        assert_eq!(normalized_pix_key(typed).expect(typed), kept, "{typed}");
    }
    for wrong in ["loja@", "+1 555 123 4567", "123.456.789-00", "chave"] {
        assert!(normalized_pix_key(wrong).is_err(), "{wrong} is refused");
    }
}
