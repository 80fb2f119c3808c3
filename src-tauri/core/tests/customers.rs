//! Customers on a real SQLite file: validated documents kept unique however they are
//! typed, look-ups by name prefix, phone and document, deactivation, outbox events, and a
//! customer attached to a sale and named on its receipt.

mod support;

use fflow_core::cash::open_session;
use fflow_core::customers::{
    CustomerDetails, create_customer, customer_by_id, deactivate_customer,
    find_customer_by_document, find_customers_by_name, find_customers_by_phone, search_customers,
    update_customer,
};
use fflow_core::receipt::receipt_for_sale;
use fflow_core::sale::complete::{SaleRequest, complete_sale};
use fflow_devices::print_document::PrintBlock;
use support::{Store, count, line, pay, store};

fn details(name: &str, phone: Option<&str>, document: Option<&str>) -> CustomerDetails {
    CustomerDetails {
        name: name.to_owned(),
        phone: phone.map(str::to_owned),
        email: None,
        document: document.map(str::to_owned),
    }
}

fn outbox_kinds(store: &Store) -> Vec<String> {
    store
        .database
        .read(|c| {
            let mut statement =
                c.prepare("SELECT kind FROM outbox WHERE aggregate = 'customer' ORDER BY seq")?;
            let kinds = statement.query_map([], |row| row.get(0))?;
            Ok(kinds.collect::<Result<Vec<String>, _>>()?)
        })
        .expect("read the outbox")
}

#[test]
fn customers_are_normalized_found_and_deactivated_with_outbox_events() {
    let store = store();
    let maria = create_customer(
        &store.database,
        &details(
            "  Maria Souza ",
            Some("(11) 98765-4321"),
            Some("529.982.247-25"),
        ),
    )
    .expect("create Maria");
    assert_eq!(
        (
            maria.name.as_str(),
            maria.phone.as_deref(),
            maria.document.as_deref()
        ),
        ("Maria Souza", Some("11987654321"), Some("52998224725")),
        "stored trimmed, phone as digits, document without punctuation"
    );
    let company = create_customer(
        &store.database,
        &details("Pet Shop Amigo Ltda", None, Some("12.abc.345/01de-35")),
    )
    .expect("a company with an alphanumeric CNPJ");
    assert_eq!(company.document.as_deref(), Some("12ABC34501DE35"));
    create_customer(&store.database, &details("Mário Lima", None, None)).expect("no document");
    create_customer(&store.database, &details("Marta_Alves", None, None)).expect("underscore");

    let names = |prefix: &str| -> Vec<String> {
        find_customers_by_name(&store.database, prefix, 10)
            .expect("search")
            .into_iter()
            .map(|customer| customer.name)
            .collect()
    };
    assert_eq!(
        names("mar"),
        ["Maria Souza", "Mário Lima", "Marta_Alves"],
        "a prefix finds names whatever their case and accents"
    );
    assert_eq!(
        names("MÁRIO L"),
        ["Mário Lima"],
        "accents typed do not matter either"
    );
    assert_eq!(
        names("  maria   sou"),
        ["Maria Souza"],
        "spaces are collapsed"
    );
    assert_eq!(
        names("Marta_"),
        ["Marta_Alves"],
        "_ is a character, not a wildcard"
    );
    assert_eq!(names("ma%"), Vec::<String>::new(), "nor is %");
    assert_eq!(names("marx"), Vec::<String>::new());

    let by_phone = find_customers_by_phone(&store.database, "11 98765 4321").expect("by phone");
    assert_eq!(by_phone.len(), 1, "the phone matches however it is typed");
    let by_document = find_customer_by_document(&store.database, "52998224725")
        .expect("by document")
        .expect("found");
    assert_eq!(by_document.id, maria.id);

    let mut changed = details(
        "Maria Souza Lima",
        Some("11 3333-4444"),
        Some("52998224725"),
    );
    changed.email = Some("maria@exemplo.com.br".to_owned());
    let updated = update_customer(&store.database, &maria.id, &changed)
        .expect("update keeps its own document");
    assert_eq!(updated.phone.as_deref(), Some("1133334444"));

    deactivate_customer(&store.database, &maria.id).expect("deactivate");
    deactivate_customer(&store.database, &maria.id).expect("deactivating twice is harmless");
    assert!(
        names("maria").is_empty(),
        "deactivated customers are not offered"
    );
    assert!(
        !customer_by_id(&store.database, &maria.id)
            .expect("read")
            .expect("kept")
            .active,
        "a deactivated customer is kept, not deleted"
    );
    assert_eq!(
        update_customer(&store.database, &maria.id, &changed).map_err(|e| e.code()),
        Err("inactive_customer")
    );
    assert_eq!(
        outbox_kinds(&store),
        [
            "customer.created",
            "customer.created",
            "customer.created",
            "customer.created",
            "customer.updated",
            "customer.deactivated",
        ],
        "every change, and only changes, reach the hub"
    );
}

#[test]
fn bad_customers_are_refused_with_their_code_and_write_nothing() {
    let store = store();
    let ana = create_customer(
        &store.database,
        &details("Ana", None, Some("11.222.333/0001-81")),
    )
    .expect("Ana");
    let refuse = |case: &str, customer: CustomerDetails, code: &str| {
        let customers = count(&store.database, "customers");
        let outbox = count(&store.database, "outbox");
        let error = create_customer(&store.database, &customer).expect_err(case);
        assert_eq!(error.code(), code, "{case}: {error}");
        assert_eq!(
            (
                count(&store.database, "customers"),
                count(&store.database, "outbox")
            ),
            (customers, outbox),
            "{case}: a refused customer writes nothing"
        );
    };
    refuse("blank name", details("  ", None, None), "invalid_input");
    let document = |text| details("Bia", None, Some(text));
    refuse(
        "CPF check digits",
        document("529.982.247-26"),
        "invalid_document",
    );
    refuse(
        "CNPJ check digits",
        document("11.222.333/0001-82"),
        "invalid_document",
    );
    refuse(
        "repeated digits",
        document("111.111.111-11"),
        "invalid_document",
    );
    refuse("too short", document("1234"), "invalid_document");
    refuse(
        "same CNPJ typed otherwise",
        document("11222333000181"),
        "duplicate_document",
    );
    let phone = |text| details("Bia", Some(text), None);
    refuse("letters in the phone", phone("11 9abc"), "invalid_input");
    refuse("phone too short", phone("1234"), "invalid_input");
    let bia = create_customer(&store.database, &details("Bia", None, None)).expect("Bia");
    assert_eq!(
        update_customer(
            &store.database,
            &bia.id,
            &details("Bia", None, Some("11222333000181"))
        )
        .map_err(|e| e.code()),
        Err("duplicate_document"),
        "an update cannot take another customer's document"
    );
    let mut bad_email = details("Bia", None, None);
    bad_email.email = Some("bia arroba exemplo".to_owned());
    assert_eq!(
        update_customer(&store.database, &bia.id, &bad_email).map_err(|e| e.code()),
        Err("invalid_input")
    );
    assert_eq!(
        deactivate_customer(&store.database, "nobody").map_err(|e| e.code()),
        Err("unknown_customer")
    );
    assert_eq!(
        customer_by_id(&store.database, &ana.id)
            .expect("read")
            .expect("Ana")
            .document
            .as_deref(),
        Some("11222333000181"),
        "Ana keeps her document"
    );
}

#[test]
fn a_sale_names_an_active_customer_and_refuses_a_deactivated_one() {
    let store = store();
    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let customer = create_customer(
        &store.database,
        &details("Carla", None, Some("529.982.247-25")),
    )
    .expect("Carla");
    let sale_for = |customer_id: &str| SaleRequest {
        cashier_id: store.cashier.id.clone(),
        customer_id: Some(customer_id.to_owned()),
        lines: vec![line(&store.kibble, 1000)],
        order_discount: None,
        payments: vec![pay("cash", 1000)],
        approval: None,
    };
    let sale = complete_sale(&store.database, &sale_for(&customer.id)).expect("sells to Carla");
    let (stored, in_event): (String, String) = store
        .database
        .read(|c| {
            Ok(c.query_row(
                "SELECT s.customer_id, json_extract(o.payload, '$.customer_id')
                 FROM sales s JOIN outbox o ON o.aggregate_id = s.id WHERE s.id = ?1",
                [&sale.id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?)
        })
        .expect("read the sale");
    assert_eq!(
        (stored.as_str(), in_event.as_str()),
        (customer.id.as_str(), customer.id.as_str())
    );

    deactivate_customer(&store.database, &customer.id).expect("deactivate");
    let receipt = receipt_for_sale(&store.database, &sale.id).expect("the receipt");
    for line in ["Cliente: Carla", "CPF 529.982.247-25"] {
        assert!(
            receipt.blocks.contains(&PrintBlock::Text(line.to_owned())),
            "the receipt names the customer, also once deactivated: {line:?} in {:?}",
            receipt.blocks
        );
    }
    let sales = count(&store.database, "sales");
    for (case, customer_id, code) in [
        ("deactivated", customer.id.as_str(), "inactive_customer"),
        ("unknown", "nobody", "unknown_customer"),
    ] {
        let error = complete_sale(&store.database, &sale_for(customer_id)).expect_err(case);
        assert_eq!(error.code(), code, "{case}");
    }
    assert_eq!(
        count(&store.database, "sales"),
        sales,
        "refused sales wrote nothing"
    );
}

#[test]
fn one_search_box_finds_customers_by_name_phone_or_document() {
    let store = store();
    let database = &store.database;
    let maria = create_customer(
        database,
        &details(
            "Maria Souza",
            Some("(11) 98765-4321"),
            Some("529.982.247-25"),
        ),
    )
    .expect("Maria");
    // Her phone's 11 digits could be read as a CPF; João's document is a CNPJ.
    let joao = create_customer(
        database,
        &details("João Lima", Some("52998224725"), Some("11.222.333/0001-81")),
    )
    .expect("João");
    let gone = create_customer(database, &details("Mariana Antiga", None, None)).expect("Mariana");
    deactivate_customer(database, &gone.id).expect("deactivate");

    let ids = |typed: &str| -> Vec<String> {
        search_customers(database, typed, 10)
            .unwrap_or_else(|error| panic!("searching {typed:?}: {error}"))
            .into_iter()
            .map(|customer| customer.id)
            .collect()
    };
    assert_eq!(
        ids("mar"),
        [maria.id.as_str()],
        "name prefix, deactivated left out"
    );
    assert_eq!(
        ids("JOAO"),
        [joao.id.as_str()],
        "case and accents do not matter"
    );
    assert_eq!(
        ids("(11) 98765-4321"),
        [maria.id.as_str()],
        "phone typed with punctuation"
    );
    assert_eq!(
        ids("11.222.333/0001-81"),
        [joao.id.as_str()],
        "CNPJ typed with punctuation"
    );
    assert_eq!(
        ids("529.982.247-25"),
        [maria.id.clone(), joao.id.clone()],
        "the CPF's owner first, then whoever has those digits as a phone"
    );
    assert!(
        ids("529.982.247-26").is_empty(),
        "a bad check digit finds nobody, without failing"
    );
    assert!(
        ids("12").is_empty(),
        "too few digits for a phone: still typing"
    );
    assert!(ids("   ").is_empty(), "blank finds nobody");
    assert_eq!(
        search_customers(database, "m", 0).expect("limit 0").len(),
        0
    );
}
