//! The `tongxin` binary itself: help, seed, create-admin, backup, SIGTERM.

use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_tongxin");

fn tongxin(db_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env("DATABASE_URL", db_url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("tongxin runs")
}

#[test]
fn help_lists_the_commands() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for command in ["serve", "migrate", "seed", "create-admin", "backup"] {
        assert!(help.contains(command), "--help lacks {command}:\n{help}");
    }
}

#[test]
fn serve_help_names_every_variable_of_env_example() {
    let out = Command::new(BIN)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let example = include_str!("../../../.env.example");
    let variables: Vec<&str> = example
        .lines()
        .map(|l| l.trim_start_matches('#').trim())
        .filter_map(|l| l.split_once('=').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .collect();
    assert!(variables.len() >= 15, "{variables:?}");
    for name in variables {
        assert!(
            help.contains(name),
            "`tongxin serve --help` lacks {name}:\n{help}"
        );
    }
    assert!(
        help.contains("[default: 30]"),
        "defaults are listed:\n{help}"
    );
}

#[test]
fn an_unknown_text_message_provider_stops_start_up() {
    let dir = std::env::temp_dir().join(format!("tongxin-sms-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}/t.db", dir.display());
    let out = Command::new(BIN)
        .arg("serve")
        .env("DATABASE_URL", &db)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("TONGXIN_SMS_PROVIDER", "carrier-pigeon")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("TONGXIN_SMS_PROVIDER"), "{said}");
    // A real provider without its key is stopped too, naming what is missing.
    let out = Command::new(BIN)
        .arg("serve")
        .env("DATABASE_URL", &db)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("TONGXIN_SMS_PROVIDER", "aliyun")
        .env_remove("TONGXIN_SMS_ACCESS_KEY_ID")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("TONGXIN_SMS_ACCESS_KEY_ID"), "{said}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn seed_create_admin_and_backup_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("tongxin-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let url = format!("sqlite://{}/data/tongxin.db", dir.display());

    let out = tongxin(&url, &["seed", "--demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = tongxin(&url, &["seed", "--demo"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing changed"));

    let out = tongxin(
        &url,
        &[
            "create-admin",
            "--phone",
            "139 0000 1111",
            "--password",
            "short",
        ],
    );
    assert!(!out.status.success(), "weak passwords are refused");
    let out = tongxin(
        &url,
        &[
            "create-admin",
            "--phone",
            "139 0000 1111",
            "--password",
            "a-long-passphrase",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("139****1111"),
        "phone masked in output"
    );
    // Non-interactive, password on standard input.
    let mut child = Command::new(BIN)
        .args(["create-admin", "--phone", "13900002222"])
        .env("DATABASE_URL", &url)
        .env_remove("TONGXIN_ADMIN_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"another-passphrase\n")
        .unwrap();
    assert!(child.wait_with_output().unwrap().status.success());

    let backup = dir.join("backup.db");
    let out = tongxin(&url, &["backup", backup.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let copy = backend::Db::connect_url(&format!("sqlite://{}", backup.display()), 1)
            .await
            .unwrap();
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(copy.reader())
            .await
            .unwrap();
        assert_eq!(check, "ok");
        let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin'")
            .fetch_one(copy.reader())
            .await
            .unwrap();
        assert_eq!(admins, 3, "the demo admin and the two created");
        copy.close().await;
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let dir = std::env::temp_dir().join(format!("tongxin-sigterm-{}", std::process::id()));
    let url = format!("sqlite://{}/t.db", dir.display());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(BIN)
        .arg("serve")
        .env("DATABASE_URL", &url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed().as_secs() < 20, "server did not start");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "exit after SIGTERM: {exit:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
