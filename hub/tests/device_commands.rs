//! The device subcommands of the real `fflow-hub` binary, as support staff run them: a
//! code from the command line activates a store through the API, `device list` shows it,
//! and `device reset` frees its seat through the audited support path.

mod common;

use std::process::{Command, Output};

use axum::http::StatusCode;
use common::binary::{HUB, url_for_database};
use common::devices::{DeviceHub, TestDevice, access_token, activated, heartbeat};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

fn operator(arguments: &[&str], connect_options: &PgConnectOptions) -> Output {
    let database = connect_options.get_database().expect("sqlx::test names it");
    Command::new(HUB)
        .args(arguments)
        .env("DATABASE_URL", url_for_database(database))
        .env("USER", "ana")
        .output()
        .expect("the hub binary runs")
}

fn stdout(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[sqlx::test]
async fn support_creates_a_code_lists_devices_and_resets_one_with_a_reason(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let alpha = hub.alpha.to_string();
    let code = stdout(&operator(
        &[
            "activation-code",
            "create",
            "--tenant",
            &alpha,
            "--valid-hours",
            "2",
        ],
        &connect_options,
    ));
    let machine = TestDevice::new(1);
    let (tenant, device) = activated(&machine.activate(&hub.router, &code, 0).await);
    let token = access_token(&machine.token(&hub.router, tenant, device).await);

    let listed = stdout(&operator(
        &["device", "list", "--tenant", &alpha],
        &connect_options,
    ));
    let line = listed
        .lines()
        .find(|line| line.starts_with(&device.to_string()))
        .unwrap_or_else(|| panic!("the device is listed:\n{listed}"));
    assert!(line.contains("\tactive\t"), "{line}");
    assert_eq!(
        listed.lines().count(),
        2,
        "Alpha's fixture device and this one, none of Beta's, even for a superuser:\n{listed}"
    );

    let without_reason = operator(
        &[
            "device",
            "reset",
            "--tenant",
            &alpha,
            "--device",
            &device.to_string(),
        ],
        &connect_options,
    );
    assert_eq!(
        without_reason.status.code(),
        Some(2),
        "a reset needs --reason"
    );
    let seats = hub.active_devices().await;
    let reset = stdout(&operator(
        &[
            "device",
            "reset",
            "--tenant",
            &alpha,
            "--device",
            &device.to_string(),
            "--reason",
            "ticket 12: new computer",
        ],
        &connect_options,
    ));
    assert_eq!(reset, format!("{device} reset"));
    assert_eq!(hub.active_devices().await, seats - 1, "the seat is free");
    assert_eq!(
        heartbeat(&hub.router, &token).await.code(),
        "device_reset",
        "the store learns it on its next contact"
    );
    let audited: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT actor_kind, actor, action, reason FROM audit_log
         WHERE tenant_id = $1 AND action IN ('support.access', 'device.reset') ORDER BY id",
    )
    .bind(hub.alpha.0)
    .fetch_all(&hub.owner)
    .await
    .expect("read the audit log");
    let reason = Some("ticket 12: new computer".to_owned());
    assert_eq!(
        audited,
        vec![
            (
                "support".into(),
                "operator:ana".into(),
                "support.access".into(),
                reason.clone()
            ),
            (
                "support".into(),
                "operator:ana".into(),
                "device.reset".into(),
                reason
            ),
        ],
        "support work is recorded: who, what and why"
    );
}

#[sqlx::test]
async fn refused_device_commands_change_nothing(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let alpha = hub.alpha.to_string();
    let audit_rows = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM audit_log")
            .fetch_one(&hub.owner)
            .await
            .expect("count")
    };
    let before = audit_rows().await;
    let unknown_device = uuid::Uuid::now_v7().to_string();
    let cases: [(&[&str], i32); 4] = [
        (
            &[
                "device",
                "reset",
                "--tenant",
                &alpha,
                "--device",
                &unknown_device,
                "--reason",
                "x",
            ],
            3,
        ),
        (
            &[
                "device",
                "reset",
                "--tenant",
                "nope",
                "--device",
                &unknown_device,
                "--reason",
                "x",
            ],
            3,
        ),
        (
            &["activation-code", "create", "--tenant", &unknown_device],
            3,
        ),
        (
            &[
                "activation-code",
                "create",
                "--tenant",
                &alpha,
                "--valid-hours",
                "0",
            ],
            3,
        ),
    ];
    for (arguments, exit_code) in cases {
        let output = operator(arguments, &connect_options);
        assert_eq!(
            output.status.code(),
            Some(exit_code),
            "{arguments:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(
        audit_rows().await,
        before,
        "a refused command leaves no trace to undo"
    );
    assert_eq!(
        hub.change(uuid::Uuid::now_v7(), "reset", "x").await.status,
        StatusCode::NOT_FOUND
    );
}
