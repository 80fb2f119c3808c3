//! The production arrangement, where the owner that migrates is not a superuser: migrations
//! grant it the runtime role, serve starts, and forced RLS binds the owner itself.

mod common;

use common::two_tenants;
use fflow_hub::auth::access_token::AccessTokenKey;
use fflow_hub::auth::{sign_in, unix_now};
use fflow_hub::database::{self, MIGRATOR};
use fflow_hub::tenancy::begin_for_tenant;
use fflow_protocol::SignInRequest;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

/// Makes `fflow_test_owner` (LOGIN, CREATEROLE, not a superuser) the owner of the test's
/// database, the way a managed PostgreSQL hands out an application owner.
async fn hand_database_to_a_plain_owner(superuser: &PgPool) {
    sqlx::raw_sql(
        "DO $$ BEGIN
             CREATE ROLE fflow_test_owner LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS;
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
         END $$;
         DO $$ BEGIN
             EXECUTE format('ALTER DATABASE %I OWNER TO fflow_test_owner', current_database());
         END $$;",
    )
    .execute(superuser)
    .await
    .expect("hand the database to a plain owner");
}

#[sqlx::test(migrations = false)]
async fn a_plain_owner_migrates_serves_and_is_bound_by_forced_row_security(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let superuser = PgPool::connect_with(connect_options.clone())
        .await
        .expect("connect as superuser");
    hand_database_to_a_plain_owner(&superuser).await;
    let owner_options = connect_options.clone().username("fflow_test_owner");
    let owner = PgPool::connect_with(owner_options.clone())
        .await
        .expect("connect as the plain owner");

    MIGRATOR
        .run(&owner)
        .await
        .expect("a non-superuser owner can run every migration, role creation included");
    let runtime = database::connect_as_runtime_role(owner_options)
        .await
        .expect("migrations let the owner switch to the runtime role, so serve starts");
    let (a, b) = two_tenants(&runtime).await;

    let without_tenant: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&owner)
        .await
        .expect("count as owner");
    assert_eq!(
        without_tenant, 0,
        "FORCE ROW LEVEL SECURITY binds the table owner too: a maintenance script run as \
         the owner must not see every tenant by default"
    );
    let mut transaction = begin_for_tenant(&owner, a).await.expect("begin as owner");
    let seen: Vec<uuid::Uuid> = sqlx::query_scalar("SELECT tenant_id FROM users")
        .fetch_all(&mut *transaction)
        .await
        .expect("select as owner for A");
    assert_eq!(
        seen,
        vec![a.0],
        "the owner acting for A sees A's user and not B's ({b})"
    );

    // Sign-in finds a tenant by CNPJ before any tenant is set, through a function that
    // runs with the owner's rights; with a plain owner, forced RLS binds it too, so this
    // works only because of the owner's narrow lookup policy.
    let request = SignInRequest {
        tenant: "11.222.333/0001-81".to_owned(),
        email: "owner@alpha.example".to_owned(),
        password: "a long enough password".to_owned(),
    };
    let client = std::net::IpAddr::from([127, 0, 0, 1]);
    sign_in(
        &runtime,
        &AccessTokenKey::generate(),
        &request,
        client,
        unix_now(),
    )
    .await
    .expect("signing in by CNPJ works when the owner is not a superuser");
}
