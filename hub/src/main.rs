//! `fflow-hub`: the hub binary. `migrate` brings the database schema up to date; `serve`
//! answers HTTP. Configuration comes from the environment (see `config`).

use std::net::SocketAddr;
use std::process::ExitCode;

use fflow_hub::config::{self, MigrateConfig, ServeConfig};
use fflow_hub::operator_commands::{self, OperatorError};
use fflow_hub::{AppState, app, database, feed_retention};
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: fflow-hub <migrate|serve|tenant create|plan create|activation-code create|device list|device reset>

  migrate   apply the database migrations to DATABASE_URL
  serve     answer HTTP on FFLOW_HUB_LISTEN (default 127.0.0.1:7070), acting as the
            runtime role fflow_app that row-level security applies to

environment:
  DATABASE_URL       postgres://user@host:port/database (required)
  FFLOW_HUB_LISTEN   address and port to listen on
  FFLOW_HUB_ACCESS_TOKEN_KEY
                     key signing sign-in access tokens, base64 of 32+ random bytes
                     (openssl rand -base64 32); the same for every hub process;
                     required by serve
  FFLOW_HUB_LICENSE_SIGNING_KEY
                     Ed25519 seed signing licenses, base64 of 32 random bytes;
                     required by serve
  FFLOW_HUB_LICENSE_KEY_ID
                     the kid licenses carry (for example 2026-11); required by serve
  FFLOW_HUB_LICENSE_VALIDITY_DAYS
                     days a license holds, 1 to 366 (default 30)
  FFLOW_HUB_TRUSTED_PROXIES
                     load balancers in front of the hub, addresses or networks, comma
                     separated (10.0.0.0/8); only their X-Forwarded-For names the
                     client that the per-address limits count
  FFLOW_HUB_TOKEN_CHALLENGES_PER_MINUTE
                     device token challenges one client address may ask for per
                     minute, 1 to 100000 (default 30)
  FFLOW_HUB_COMMAND_RETENTION_DAYS
                     days serve keeps sync commands before pruning them hourly, 7 to
                     3660 (default 90); stores further behind take a snapshot
  RUST_LOG           log filter, for example info or fflow_hub=debug";

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();

    let subcommand = std::env::args().nth(1);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => return fail(format!("could not start the async runtime: {error}")),
    };
    let outcome = match subcommand.as_deref() {
        Some("migrate") => runtime.block_on(migrate()),
        Some("serve") => runtime.block_on(serve()),
        Some(noun) if operator_commands::is_operator_subcommand(noun) => {
            let arguments: Vec<String> = std::env::args().skip(1).collect();
            return runtime.block_on(operator(&arguments));
        }
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}\n\n{}", operator_commands::USAGE);
            Ok(())
        }
        Some(other) => Err(format!("unknown subcommand {other:?}\n\n{USAGE}")),
        None => Err(format!("a subcommand is required\n\n{USAGE}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(message),
    }
}

fn fail(message: String) -> ExitCode {
    eprintln!("fflow-hub: {message}");
    ExitCode::from(2)
}

async fn migrate() -> Result<(), String> {
    let config = MigrateConfig::from_lookup(config::from_environment).map_err(|e| e.to_string())?;
    let pool = database::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    database::migrate(&pool).await.map_err(|e| e.to_string())?;
    tracing::info!("migrations applied");
    Ok(())
}

/// Runs an operator subcommand as the owner in `DATABASE_URL`, printing the new id.
async fn operator(arguments: &[String]) -> ExitCode {
    let outcome = async {
        // Usage mistakes are reported before any connection is tried.
        operator_commands::check_usage(arguments)?;
        let config = MigrateConfig::from_lookup(config::from_environment)
            .map_err(|error| OperatorError::Usage(error.to_string()))?;
        let licensing = config::optional_licensing(config::from_environment)
            .map_err(|error| OperatorError::Usage(error.to_string()))?;
        let pool = database::connect(&config.database_url)
            .await
            .map_err(|error| OperatorError::Failed(error.to_string()))?;
        // The audit log names the operator by their login on the machine running this.
        let actor = format!(
            "operator:{}",
            config::from_environment("USER").unwrap_or_else(|| "unknown".to_owned())
        );
        let context = operator_commands::OperatorContext {
            pool: &pool,
            actor: &actor,
            licensing: licensing.as_ref(),
        };
        operator_commands::run(arguments, std::io::stdin().lock(), &context).await
    }
    .await;
    match outcome {
        Ok(printed) => {
            println!("{printed}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("fflow-hub: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

async fn serve() -> Result<(), String> {
    let config = ServeConfig::from_lookup(config::from_environment).map_err(|e| e.to_string())?;
    let options = database::parse_url(&config.database_url).map_err(|e| e.to_string())?;
    let pool = database::connect_as_runtime_role(options)
        .await
        .map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(config.listen_address)
        .await
        .map_err(|error| format!("could not listen on {}: {error}", config.listen_address))?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("could not read the listening address: {error}"))?;
    // Scripts and tests wait for this exact line on stdout to learn the port.
    println!("fflow-hub listening on http://{address}");
    tracing::info!(%address, "serving");
    tokio::spawn(feed_retention::prune_on_schedule(
        pool.clone(),
        config.command_retention_days,
    ));
    let state = AppState::new(pool, config.access_token_key, config.licensing)
        .with_trusted_proxies(config.trusted_proxies)
        .with_address_limits(config.address_limits);
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|error| format!("the server stopped: {error}"))
}

/// Resolves on Ctrl-C or SIGTERM so in-flight requests finish before the process exits.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
