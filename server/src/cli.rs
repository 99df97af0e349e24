//! The command line: `tongxin [serve|migrate|seed|create-admin|backup]`.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use backend::config::Settings;
use backend::{Config, Db};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "tongxin",
    version,
    about = "Tongxin (同心): activities, mutual aid and care for rural women, run by women's federations.",
    after_help = ALSO_READ
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
    #[command(flatten)]
    pub site: crate::startup::Site,
}

/// The variables that are not options of their own (see .env.example).
const ALSO_READ: &str = "Also read from the environment: RUST_LOG (log levels, default \
                         info,sqlx=warn); TONGXIN_ADMIN_PASSWORD (create-admin's password, if \
                         --password is not given); TONGXIN_TEST_POSTGRES_URL (the test suite \
                         only: where its PostgreSQL databases are created).";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (the default). Migrates the database first.
    #[command(after_help = ALSO_READ)]
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Fill the database with data.
    Seed {
        /// The demo county: townships, villages, federations, activities and the demo accounts
        /// listed in the README. Running it twice changes nothing.
        #[arg(long)]
        demo: bool,
        /// A county at scale for benchmarks (1: 100,000 members, 10,000 activities, 1,000,000
        /// sign-ups, 200 circles with 200,000 posts), into an empty database.
        #[arg(long, value_name = "N")]
        scale: Option<i64>,
    },
    /// Create an admin account, or make an existing account an admin.
    CreateAdmin {
        /// Mainland mobile number, e.g. 13800000000.
        #[arg(long)]
        phone: String,
        /// The password. Without it, it is read from TONGXIN_ADMIN_PASSWORD or standard input.
        #[arg(long, env = "TONGXIN_ADMIN_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Write a consistent copy of the live database to PATH (SQLite), or print the pg_dump
    /// command to use (PostgreSQL).
    Backup {
        /// Where to write the copy; must not exist yet.
        path: PathBuf,
    },
}

pub async fn run(cli: Cli) -> ExitCode {
    let config = match Config::from_settings(&cli.settings) {
        Ok(c) => c,
        Err(e) => return fail(&format!("configuration: {e}")),
    };
    crate::telemetry::init(config.log_format);
    let db = match Db::connect(&config).await {
        Ok(db) => db,
        Err(e) => {
            return fail(&format!(
                "cannot open the database {}: {e}",
                backend::db::without_password(&config.database_url)
            ))
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config, &cli.site, db.clone()).await,
        Command::Migrate => migrate(&db)
            .await
            .map(|()| println!("database is up to date")),
        Command::Seed { demo, scale } => match scale {
            Some(n) => seed_scale(&db, n).await,
            None => seed(&db, demo).await,
        },
        Command::CreateAdmin { phone, password } => create_admin(&db, &phone, password).await,
        Command::Backup { path } => backup(&db, &path).await,
    };
    db.close().await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn fail(message: &str) -> ExitCode {
    tracing::error!("{message}");
    eprintln!("tongxin: {message}");
    ExitCode::FAILURE
}

async fn migrate(db: &Db) -> Result<(), String> {
    db.migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))
}

async fn serve(config: Config, site: &crate::startup::Site, db: Db) -> Result<(), String> {
    migrate(&db).await?;
    let addr = site.addr()?;
    let options = site.leptos_options(addr);
    let grace = config.shutdown_grace;
    let help_after = config.help_acknowledge_secs;
    let provider = backend::sms::provider(&config.sms)?;
    let rules = backend::services::outbox::Rules {
        daily_cap: config.sms.daily_cap,
    };
    let ledger_retention_secs = config.ledger_retention_days * 86_400;
    let router = crate::startup::router(config, db.clone(), options);
    let running = crate::startup::serve(addr, router)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!(addr = %running.addr, database = db.backend().name(), "Tongxin is listening on http://{}", running.addr);
    // Day-before reminders; several nodes may run this, each reminder is still sent once.
    let reminders = tokio::spawn(backend::services::reminders::run(
        db.clone(),
        backend::services::reminders::EVERY,
    ));
    // Help requests nobody acknowledged in time go up to the county, each once.
    let escalation = tokio::spawn(backend::services::help_requests::run(
        db.clone(),
        help_after,
        backend::services::help_requests::EVERY,
    ));
    // Text messages: every node sends, each message once (see services::outbox).
    tracing::info!(
        provider = provider.name(),
        "text messages go out through the outbox"
    );
    let outbox = tokio::spawn(backend::services::outbox::run(
        db.clone(),
        provider,
        rules,
        backend::services::outbox::EVERY,
    ));
    // Closed ledger records past their retention: erased on every node, each once.
    let ledger = tokio::spawn(backend::services::ledger::run(
        db.clone(),
        ledger_retention_secs,
        backend::services::ledger::EVERY,
    ));
    crate::startup::termination_signal().await;
    ledger.abort();
    reminders.abort();
    escalation.abort();
    outbox.abort();
    tracing::info!(
        grace_secs = grace.as_secs(),
        "shutting down; finishing requests in flight"
    );
    running.shutdown.notify_one();
    match tokio::time::timeout(grace, running.handle).await {
        Ok(Ok(Ok(()))) => Ok(()),
        Ok(Ok(Err(e))) => Err(format!("server error: {e}")),
        Ok(Err(e)) => Err(format!("server task failed: {e}")),
        Err(_) => {
            tracing::warn!("requests still running after the grace period; exiting anyway");
            Ok(())
        }
    }
}

async fn seed(db: &Db, demo: bool) -> Result<(), String> {
    if !demo {
        return Err("say what to seed: `tongxin seed --demo`".to_owned());
    }
    migrate(db).await?;
    match backend::seed::seed_demo(db).await {
        Ok(true) => println!(
            "demo data added: log in as {} with password {}",
            backend::seed::DEMO_ORGANIZER,
            backend::seed::DEMO_PASSWORD
        ),
        Ok(false) => println!("demo data is already there; nothing changed"),
        Err(e) => return Err(format!("seeding failed ({})", e.key.as_str())),
    }
    Ok(())
}

async fn seed_scale(db: &Db, scale: i64) -> Result<(), String> {
    if !(1..=20).contains(&scale) {
        return Err("--scale takes a number from 1 to 20".to_owned());
    }
    migrate(db).await?;
    let started = std::time::Instant::now();
    match backend::seed_scale::seed_scale(db, scale).await {
        Ok(c) => {
            println!(
                "scale {scale}: {} villages, {} members, {} activities, {} sign-ups, {} circles, {} posts in {:.1} s",
                c.villages, c.members, c.activities, c.signups, c.circles, c.posts,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Err(e) => Err(format!("seeding failed ({})", e.key.as_str())),
    }
}

async fn create_admin(db: &Db, phone: &str, password: Option<String>) -> Result<(), String> {
    let phone = domain::Phone::parse(phone)
        .map_err(|_| format!("{phone:?} is not a mainland mobile number"))?;
    let password = match password {
        Some(p) => p,
        None => {
            let mut input = String::new();
            std::io::stdin()
                .read_to_string(&mut input)
                .map_err(|e| format!("cannot read the password: {e}"))?;
            input.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    backend::password::check_new(&password, &phone, "password")
        .map_err(|e| (app::i18n::texts(domain::Lang::En).error)(e.key).to_owned())?;
    migrate(db).await?;
    let hash = backend::password::hash(password)
        .await
        .map_err(|_| "hashing failed".to_owned())?;
    let mut tx = db.writer().begin().await.map_err(|e| e.to_string())?;
    let (id, created) = backend::services::users::ensure_admin(&mut tx, &phone, &hash)
        .await
        .map_err(|e| e.key.as_str().to_owned())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    println!(
        "{} admin account {} (id {id})",
        if created { "created" } else { "updated" },
        phone.masked()
    );
    Ok(())
}

async fn backup(db: &Db, path: &std::path::Path) -> Result<(), String> {
    match backend::backup::backup(db, path).await? {
        backend::backup::Outcome::Written => println!("backup written to {}", path.display()),
        backend::backup::Outcome::RunThis(cmd) => {
            println!("PostgreSQL is backed up with pg_dump, which takes a consistent snapshot. Run:\n{cmd}")
        }
    }
    Ok(())
}
