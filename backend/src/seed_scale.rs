//! A county at scale, for benchmarks: at scale 1 about 100,000 members across 300 villages,
//! 10,000 activities over two years, 1,000,000 sign-ups, 200 circles with 200,000 posts.
//! Rows go in as multi-row INSERTs of generated literals (numbers and fixed Chinese words,
//! no user input), many thousands per transaction, so a scale-1 county takes minutes.
//!
//! Accounts are `150xxxxxxxx` numbers with the password [`BENCH_PASSWORD`]; the benchmark
//! logs some of them in.

use sqlx::AnyConnection;

use crate::db::Db;
use domain::account::PRIVACY_NOTICE_VERSION;
use domain::{AppError, AppResult, Category, VariantArray};

pub const BENCH_PASSWORD: &str = "tongxin-bench";
/// The first member's number; member `i` is `BENCH_PHONE_BASE + i`.
pub const BENCH_PHONE_BASE: i64 = 150_0000_0000;

const TOWNSHIPS_PER_SCALE: i64 = 15;
const VILLAGES_PER_TOWNSHIP: i64 = 20;
const MEMBERS_PER_SCALE: i64 = 100_000;
const ACTIVITIES_PER_SCALE: i64 = 10_000;
const SIGNUPS_PER_ACTIVITY: i64 = 100;
const CIRCLES_PER_SCALE: i64 = 200;
const THREADS_PER_CIRCLE: i64 = 100;
const POSTS_PER_THREAD: i64 = 10;
const ROWS_PER_STATEMENT: usize = 500;
const STATEMENTS_PER_TRANSACTION: usize = 100;

const TITLES: [&str; 8] = [
    "广场舞交流会",
    "电商直播技能培训",
    "巾帼创业沙龙",
    "两癌免费筛查",
    "法律知识讲座",
    "家庭教育讲堂",
    "妇女议事会",
    "留守老人探访",
];

/// What was made, for the log line.
#[derive(Debug, Default)]
pub struct Counts {
    pub villages: i64,
    pub members: i64,
    pub activities: i64,
    pub signups: i64,
    pub circles: i64,
    pub posts: i64,
}

/// Collects rows and writes them as multi-row INSERTs, committing every so often.
struct Batch<'a> {
    conn: &'a mut AnyConnection,
    head: String,
    rows: Vec<String>,
    statements: usize,
}

impl<'a> Batch<'a> {
    async fn new(conn: &'a mut AnyConnection, head: &str) -> AppResult<Batch<'a>> {
        sqlx::raw_sql("BEGIN").execute(&mut *conn).await?;
        Ok(Batch {
            conn,
            head: head.to_owned(),
            rows: Vec::with_capacity(ROWS_PER_STATEMENT),
            statements: 0,
        })
    }

    async fn push(&mut self, row: String) -> AppResult<()> {
        self.rows.push(row);
        if self.rows.len() >= ROWS_PER_STATEMENT {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> AppResult<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let sql = format!("{} VALUES {}", self.head, self.rows.join(","));
        self.rows.clear();
        sqlx::raw_sql(&sql).execute(&mut *self.conn).await?;
        self.statements += 1;
        if self.statements.is_multiple_of(STATEMENTS_PER_TRANSACTION) {
            sqlx::raw_sql("COMMIT; BEGIN")
                .execute(&mut *self.conn)
                .await?;
        }
        Ok(())
    }

    async fn finish(mut self) -> AppResult<()> {
        self.flush().await?;
        sqlx::raw_sql("COMMIT").execute(&mut *self.conn).await?;
        Ok(())
    }
}

async fn scalar(conn: &mut AnyConnection, sql: &str) -> AppResult<i64> {
    sqlx::query_scalar(sql)
        .fetch_one(&mut *conn)
        .await
        .map_err(AppError::from)
}

/// Fills an empty database (after migrations) with a county of `scale` (1 = the figures
/// above). Ids are chosen here, above any existing ones, so the rows can refer to each other.
pub async fn seed_scale(db: &Db, scale: i64) -> AppResult<Counts> {
    let scale = scale.max(1);
    let password_hash = crate::password::hash(BENCH_PASSWORD.to_owned()).await?;
    let now = crate::now();
    let mut conn = db.writer().acquire().await?;
    let conn = &mut *conn;
    let base = |table: &'static str| format!("SELECT COALESCE(MAX(id), 0) FROM {table}");
    let region0 = scalar(conn, &base("regions")).await?;
    let federation0 = scalar(conn, &base("federations")).await?;
    let user0 = scalar(conn, &base("users")).await?;
    let activity0 = scalar(conn, &base("activities")).await?;
    let circle0 = scalar(conn, &base("circles")).await?;
    let thread0 = scalar(conn, &base("threads")).await?;
    let post0 = scalar(conn, &base("posts")).await?;
    let mut counts = Counts::default();

    // Regions: one county, its townships, their villages.
    let county = region0 + 1;
    let townships = TOWNSHIPS_PER_SCALE * scale;
    let villages = townships * VILLAGES_PER_TOWNSHIP;
    let township_id = |t: i64| county + 1 + t;
    let village_id = |v: i64| county + 1 + townships + v;
    let mut b = Batch::new(
        conn,
        "INSERT INTO regions (id, parent_id, level, name, created_at)",
    )
    .await?;
    b.push(format!(
        "({county}, NULL, 'county', '规模县{county}', {now})"
    ))
    .await?;
    for t in 0..townships {
        b.push(format!(
            "({}, {county}, 'township', '第{t}镇', {now})",
            township_id(t)
        ))
        .await?;
    }
    for v in 0..villages {
        let t = v / VILLAGES_PER_TOWNSHIP;
        b.push(format!(
            "({}, {}, 'village', '第{v}村', {now})",
            village_id(v),
            township_id(t)
        ))
        .await?;
    }
    b.finish().await?;
    counts.villages = villages;
    let federation = federation0 + 1;
    let mut b = Batch::new(
        conn,
        "INSERT INTO federations (id, region_id, name, created_at)",
    )
    .await?;
    b.push(format!(
        "({federation}, {county}, '规模县妇女联合会', {now})"
    ))
    .await?;
    b.finish().await?;

    // Members, spread evenly over the villages; one organizer for the county.
    let members = MEMBERS_PER_SCALE * scale;
    let mut b = Batch::new(
        conn,
        "INSERT INTO users (id, phone, password_hash, display_name, role, village_id, federation_id, birth_year, lang, consent_version, consented_at, created_at)",
    )
    .await?;
    for i in 0..members {
        let role = if i == 0 {
            "organizer"
        } else if i % 500 == 1 {
            "volunteer"
        } else {
            "member"
        };
        let fed = if i == 0 {
            federation.to_string()
        } else {
            "NULL".to_owned()
        };
        b.push(format!(
            "({}, '{}', '{password_hash}', '成员{i}', '{role}', {}, {fed}, {}, 'zh-CN', '{PRIVACY_NOTICE_VERSION}', {now}, {now})",
            user0 + 1 + i,
            BENCH_PHONE_BASE + i,
            village_id(i % villages),
            1960 + i % 45,
        ))
        .await?;
    }
    b.finish().await?;
    counts.members = members;

    // Activities over two years (one past, one to come), with rosters filled up to ~100.
    let activities = ACTIVITIES_PER_SCALE * scale;
    let span = 2 * 365 * 86_400;
    let first_start = now - 365 * 86_400;
    let mut b = Batch::new(
        conn,
        "INSERT INTO activities (id, federation_id, region_id, title, description, category, venue, starts_at, ends_at, capacity, seats_taken, companions_allowed, created_by, created_at, updated_at)",
    )
    .await?;
    let capacity_of = |a: i64| 20 + (a * 7) % 100;
    for a in 0..activities {
        let category = Category::VARIANTS[(a % 8) as usize];
        let starts = first_start + a * span / activities;
        // Round to the hour, in the afternoon China time.
        let starts = starts - starts.rem_euclid(3600);
        let region = if a % 3 == 0 {
            township_id(a % townships)
        } else {
            village_id(a % villages)
        };
        let capacity = capacity_of(a);
        b.push(format!(
            "({}, {federation}, {region}, '{}（第{a}期）', '规模测试活动。', '{}', '村委会活动室', {starts}, {}, {capacity}, {}, 0, {}, {now}, {now})",
            activity0 + 1 + a,
            TITLES[(a % 8) as usize],
            category.slug(),
            starts + 2 * 3600,
            capacity.min(SIGNUPS_PER_ACTIVITY),
            user0 + 1,
        ))
        .await?;
    }
    b.finish().await?;
    counts.activities = activities;

    let mut b = Batch::new(
        conn,
        "INSERT INTO signups (activity_id, user_id, companions, status, checkin_code, created_at, updated_at)",
    )
    .await?;
    for a in 0..activities {
        let capacity = capacity_of(a);
        // A different stretch of members for each activity; distinct within it.
        let start = (a * 7_919) % members;
        for j in 0..SIGNUPS_PER_ACTIVITY {
            let user = user0 + 1 + (start + j) % members;
            let status = if j < capacity {
                "confirmed"
            } else {
                "waitlisted"
            };
            b.push(format!(
                "({}, {user}, 0, '{status}', '{:06}', {now}, {now})",
                activity0 + 1 + a,
                (a * 31 + j * 17) % 1_000_000
            ))
            .await?;
        }
    }
    b.finish().await?;
    counts.signups = activities * SIGNUPS_PER_ACTIVITY;

    // Circles with threads of ten posts each.
    let circles = CIRCLES_PER_SCALE * scale;
    let mut b = Batch::new(
        conn,
        "INSERT INTO circles (id, federation_id, name, description, created_at)",
    )
    .await?;
    for c in 0..circles {
        b.push(format!(
            "({}, {federation}, '家庭教育圈{c}', '规模测试圈子。', {now})",
            circle0 + 1 + c
        ))
        .await?;
    }
    b.finish().await?;
    let threads = circles * THREADS_PER_CIRCLE;
    let mut b = Batch::new(
        conn,
        "INSERT INTO threads (id, circle_id, title, author_id, last_activity_at, created_at)",
    )
    .await?;
    for t in 0..threads {
        let at = now - (threads - t) * 60;
        b.push(format!(
            "({}, {}, '话题{t}', {}, {at}, {at})",
            thread0 + 1 + t,
            circle0 + 1 + t / THREADS_PER_CIRCLE,
            user0 + 2 + (t * 13) % (members - 1),
        ))
        .await?;
    }
    b.finish().await?;
    let mut b = Batch::new(
        conn,
        "INSERT INTO posts (id, thread_id, author_id, body, created_at)",
    )
    .await?;
    for p in 0..threads * POSTS_PER_THREAD {
        let t = p / POSTS_PER_THREAD;
        b.push(format!(
            "({}, {}, {}, '规模测试的发言，第{p}条。孩子的作业、情绪和安全。', {})",
            post0 + 1 + p,
            thread0 + 1 + t,
            user0 + 2 + (p * 7) % (members - 1),
            now - (threads - t) * 60 + p % POSTS_PER_THREAD,
        ))
        .await?;
    }
    b.finish().await?;
    counts.circles = circles;
    counts.posts = threads * POSTS_PER_THREAD;

    // PostgreSQL identity columns continue after the ids chosen here.
    if db.backend() == crate::Backend::Postgres {
        for table in [
            "regions",
            "federations",
            "users",
            "activities",
            "signups",
            "circles",
            "threads",
            "posts",
        ] {
            sqlx::raw_sql(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(&mut *conn)
            .await?;
        }
        sqlx::raw_sql("ANALYZE").execute(&mut *conn).await?;
    } else {
        sqlx::raw_sql("ANALYZE").execute(&mut *conn).await?;
    }
    Ok(counts)
}
