//! `tongxin backup PATH`: a consistent copy of a live database.

use std::path::Path;

use crate::db::{Backend, Db};

/// What the backup did, for the command line to print.
pub enum Outcome {
    /// SQLite: the copy was written to this path.
    Written,
    /// PostgreSQL: run this command (pg_dump takes a consistent snapshot itself).
    RunThis(String),
}

/// On SQLite, `VACUUM INTO` writes a consistent, compacted copy while the app keeps serving.
/// On PostgreSQL the right tool is `pg_dump`, so this returns the line to run.
pub async fn backup(db: &Db, target: &Path) -> Result<Outcome, String> {
    match db.backend() {
        Backend::Sqlite => {
            if target.exists() {
                return Err(format!(
                    "{} already exists; choose a new file name",
                    target.display()
                ));
            }
            let target = target
                .to_str()
                .ok_or("the backup path must be valid UTF-8")?;
            sqlx::query("VACUUM INTO $1")
                .bind(target)
                .execute(db.writer())
                .await
                .map_err(|e| format!("backup failed: {e}"))?;
            Ok(Outcome::Written)
        }
        // The password stays out of the printed line (and so out of shell history and logs):
        // pg_dump reads it from PGPASSWORD or ~/.pgpass.
        Backend::Postgres => Ok(Outcome::RunThis(format!(
            "pg_dump --format=custom --no-owner --file={} '{}'",
            shell_quote(&target.display().to_string()),
            crate::db::without_password(db.url()).replace('\'', "'\\''")
        ))),
    }
}

fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
