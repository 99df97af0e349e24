//! A backend-neutral description of the live schema, so a test can prove that
//! migrations/sqlite and migrations/postgres describe the same tables, columns and indexes.

use std::collections::BTreeMap;

use super::{Backend, Db};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// One of `int`, `text`, `bool`, `float`, `bytes`, or the raw type if unknown.
    pub kind: String,
    pub nullable: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<Column>,
    /// Names of the indexes created explicitly (not those behind PRIMARY KEY or UNIQUE).
    pub indexes: Vec<String>,
}

pub type Schema = BTreeMap<String, Table>;

impl Table {
    /// Columns in name order: queries read columns by name, so where a migration put a column
    /// (SQLite adds a rebuilt one at the end) is no drift.
    fn new(mut columns: Vec<Column>, indexes: Vec<String>) -> Table {
        columns.sort_by(|a, b| a.name.cmp(&b.name));
        Table { columns, indexes }
    }
}

/// A flag on SQLite is an INTEGER with `CHECK (name IN (0, 1))` (migration 0007): it stands for
/// PostgreSQL's BOOLEAN.
fn is_sqlite_flag(create_table: &str, column: &str) -> bool {
    let compact: String = create_table
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect::<String>()
        .to_ascii_lowercase();
    compact.contains(&format!("check({}in(0,1))", column.to_ascii_lowercase()))
}

/// A column as SQLite's `pragma_table_info` describes it.
#[derive(sqlx::FromRow)]
struct SqliteColumn {
    name: String,
    #[sqlx(rename = "type")]
    declared: String,
    notnull: i64,
    pk: i64,
}

/// A column as PostgreSQL's `information_schema.columns` describes it.
#[derive(sqlx::FromRow)]
struct PostgresColumn {
    column_name: String,
    data_type: String,
    is_nullable: String,
}

/// Maps each backend's spelling of a type to one family name.
fn kind(raw: &str) -> String {
    match raw.to_ascii_lowercase().as_str() {
        "integer" | "int" | "bigint" | "smallint" => "int".into(),
        "text" | "character varying" | "varchar" => "text".into(),
        "boolean" | "bool" => "bool".into(),
        "real" | "double precision" | "float" => "float".into(),
        "blob" | "bytea" => "bytes".into(),
        other => other.into(),
    }
}

/// Reads the schema of the connected database (application tables only).
pub async fn describe(db: &Db) -> Result<Schema, sqlx::Error> {
    let pool = db.reader();
    let mut schema = Schema::new();
    match db.backend() {
        Backend::Sqlite => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master
                 WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'
                 ORDER BY name",
            )
            .fetch_all(pool)
            .await?;
            for table in tables {
                let rows: Vec<SqliteColumn> = sqlx::query_as(
                    r#"SELECT name, type, "notnull", pk FROM pragma_table_info($1) ORDER BY cid"#,
                )
                .bind(&table)
                .fetch_all(pool)
                .await?;
                let create: String = sqlx::query_scalar(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1",
                )
                .bind(&table)
                .fetch_one(pool)
                .await?;
                let columns = rows
                    .into_iter()
                    .map(|c| Column {
                        kind: if is_sqlite_flag(&create, &c.name) {
                            "bool".to_owned()
                        } else {
                            kind(&c.declared)
                        },
                        name: c.name,
                        nullable: c.notnull == 0 && c.pk == 0,
                    })
                    .collect();
                let indexes = sqlx::query_scalar(
                    "SELECT name FROM sqlite_master
                     WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL ORDER BY name",
                )
                .bind(&table)
                .fetch_all(pool)
                .await?;
                schema.insert(table, Table::new(columns, indexes));
            }
        }
        Backend::Postgres => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                   AND table_name NOT LIKE '\\_sqlx%'
                 ORDER BY table_name",
            )
            .fetch_all(pool)
            .await?;
            for table in tables {
                let rows: Vec<PostgresColumn> = sqlx::query_as(
                    "SELECT column_name::text AS column_name, data_type::text AS data_type,
                            is_nullable::text AS is_nullable
                     FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = $1
                     ORDER BY ordinal_position",
                )
                .bind(&table)
                .fetch_all(pool)
                .await?;
                let columns = rows
                    .into_iter()
                    .map(|c| Column {
                        kind: kind(&c.data_type),
                        nullable: c.is_nullable == "YES",
                        name: c.column_name,
                    })
                    .collect();
                let indexes = sqlx::query_scalar(
                    "SELECT i.indexname::text FROM pg_indexes i
                     WHERE i.schemaname = current_schema() AND i.tablename = $1
                       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
                     ORDER BY i.indexname",
                )
                .bind(&table)
                .fetch_all(pool)
                .await?;
                schema.insert(table, Table::new(columns, indexes));
            }
        }
    }
    Ok(schema)
}

/// Lists the differences between two schemas, one line each; empty when they agree.
pub fn diff(left_name: &str, left: &Schema, right_name: &str, right: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    for (name, l) in left {
        match right.get(name) {
            None => out.push(format!("table {name} is only in {left_name}")),
            Some(r) => {
                if l.columns != r.columns {
                    out.push(format!(
                        "table {name} columns differ:\n  {left_name}: {:?}\n  {right_name}: {:?}",
                        l.columns, r.columns
                    ));
                }
                if l.indexes != r.indexes {
                    out.push(format!(
                        "table {name} indexes differ: {left_name} {:?}, {right_name} {:?}",
                        l.indexes, r.indexes
                    ));
                }
            }
        }
    }
    for name in right.keys().filter(|n| !left.contains_key(*n)) {
        out.push(format!("table {name} is only in {right_name}"));
    }
    out
}
