//! Creating tenants and users through the runtime role: normalized tax ids and emails, the
//! uniqueness rules a sign-up relies on, and an audit entry for each creation.

mod common;

use common::runtime_pool;
use fflow_hub::accounts::{
    AccountError, NewTenant, NewUser, TenantMode, UserRole, create_tenant, create_user,
};
use fflow_hub::audit::ActorKind;
use fflow_hub::passwords::{Password, password_matches};
use fflow_hub::tenancy::{TenantId, begin_for_tenant};
use fflow_protocol::{Cnpj, Cpf};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

fn new_tenant(name: &str, cnpj: &str, mode: TenantMode) -> NewTenant {
    NewTenant {
        name: name.to_owned(),
        cnpj: Cnpj::parse(cnpj).expect("a valid CNPJ"),
        mode,
    }
}

fn new_user(email: &str, cpf: Option<&str>) -> NewUser {
    NewUser {
        email: email.to_owned(),
        cpf: cpf.map(|cpf| Cpf::parse(cpf).expect("a valid CPF")),
        password: Password::new("a long enough password"),
        role: UserRole::Admin,
    }
}

async fn add_user(runtime: &PgPool, tenant: TenantId, user: &NewUser) -> Result<(), AccountError> {
    let mut transaction = begin_for_tenant(runtime, tenant).await?;
    create_user(&mut transaction, tenant, user, ActorKind::Operator, "test").await?;
    transaction.commit().await?;
    Ok(())
}

#[sqlx::test]
async fn a_tenant_is_stored_normalized_with_safe_defaults_and_audited(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let tenant = create_tenant(
        &runtime,
        &new_tenant("  Pet Shop Alpha ", "11.222.333/0001-81", TenantMode::Live),
        ActorKind::Operator,
        "cli:root",
    )
    .await
    .expect("create");
    let mut transaction = begin_for_tenant(&runtime, tenant).await.expect("begin");
    let stored: (String, String, String, String, String, String) =
        sqlx::query_as("SELECT name, cnpj, currency, status, billing_status, mode FROM tenants")
            .fetch_one(&mut *transaction)
            .await
            .expect("the new tenant is visible to itself");
    assert_eq!(
        stored,
        (
            "Pet Shop Alpha".to_owned(),
            "11222333000181".to_owned(),
            "BRL".to_owned(),
            "active".to_owned(),
            "paid".to_owned(),
            "live".to_owned()
        ),
        "one normalized CNPJ per company, and a new tenant starts active, paid, in BRL"
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'tenant.create' AND actor = 'cli:root'",
    )
    .fetch_one(&mut *transaction)
    .await
    .expect("count");
    assert_eq!(
        audited, 1,
        "opening a tenant is an admin action and is audited"
    );
}

#[sqlx::test]
async fn a_live_cnpj_belongs_to_one_tenant_but_test_tenants_may_reuse_it(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let cases = [
        ("Alpha", "11222333000181", TenantMode::Live, true),
        ("Alpha again", "11.222.333/0001-81", TenantMode::Live, false),
        ("Alpha demo", "11222333000181", TenantMode::Test, true),
        ("Alpha QA", "11222333000181", TenantMode::Test, true),
    ];
    for (name, cnpj, mode, accepted) in cases {
        let result = create_tenant(
            &runtime,
            &new_tenant(name, cnpj, mode),
            ActorKind::Operator,
            "test",
        )
        .await;
        match (result, accepted) {
            (Ok(_), true) | (Err(AccountError::CnpjTaken { .. }), false) => {}
            (other, _) => panic!(
                "{name} ({cnpj}, {mode:?}): expected accepted={accepted}, got {other:?}; \
                 two live tenants for one company would split its billing and licenses"
            ),
        }
    }
}

#[sqlx::test]
async fn emails_are_unique_per_tenant_whatever_their_case(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let (a, b) = common::two_tenants(&runtime).await;
    let cases = [
        (a, "Ana@Example.com", "created"),
        (a, "  ana@example.COM ", "taken"),
        (b, "ana@example.com", "created"),
        (a, "not-an-email", "malformed"),
        (a, "two@@example.com", "malformed"),
    ];
    for (tenant, email, expected) in cases {
        let result = add_user(&runtime, tenant, &new_user(email, None)).await;
        let outcome = match &result {
            Ok(()) => "created",
            Err(AccountError::EmailTaken { .. }) => "taken",
            Err(AccountError::MalformedEmail { .. }) => "malformed",
            Err(_) => "failed otherwise",
        };
        assert_eq!(
            outcome, expected,
            "{email:?} in {tenant}: {result:?}; a sign-in email must name one user per tenant"
        );
    }
}

#[sqlx::test]
async fn a_user_keeps_a_normalized_cpf_and_only_an_argon2id_hash(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let (a, _) = common::two_tenants(&runtime).await;
    add_user(
        &runtime,
        a,
        &new_user("ana@example.com", Some("529.982.247-25")),
    )
    .await
    .expect("create user");
    let mut transaction = begin_for_tenant(&runtime, a).await.expect("begin");
    let (cpf, password_hash): (Option<String>, String) =
        sqlx::query_as("SELECT cpf, password_hash FROM users WHERE email = 'ana@example.com'")
            .fetch_one(&mut *transaction)
            .await
            .expect("the user is there");
    assert_eq!(
        cpf.as_deref(),
        Some("52998224725"),
        "CPF stored without punctuation"
    );
    assert!(
        !password_hash.contains("a long enough password")
            && password_matches(&Password::new("a long enough password"), &password_hash)
                == Ok(true),
        "the database holds a hash the password verifies against, never the password"
    );
}
