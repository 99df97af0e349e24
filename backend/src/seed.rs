//! Demo data: a county with townships, villages, federations, accounts for every role and
//! upcoming activities in every category. The accounts are listed in the README.
//!
//! Seeding is one transaction guarded by a marker in `app_meta`, so running it twice changes
//! nothing and a failure half-way leaves nothing behind.

use sqlx::AnyConnection;

use crate::db::Db;
use crate::identity::Role;
use crate::services::regions::{create_federation, create_region};
use crate::services::users::{self, NewUser};
use domain::account::PRIVACY_NOTICE_VERSION;
use domain::ledger::{Assistance, ClosedReason, ConsentMethod, Difficulty};
use domain::region::RegionLevel;
use domain::{AppResult, Category, Phone};

pub const DEMO_PASSWORD: &str = "tongxin-demo";
pub const DEMO_ADMIN: &str = "13800000000";
pub const DEMO_ORGANIZER: &str = "13800000001";
pub const DEMO_VOLUNTEER: &str = "13800000002";
/// Members are 13800000010 to 13800000019.
pub const DEMO_MEMBER_FIRST: u32 = 10;
pub const DEMO_MEMBER_COUNT: u32 = 10;
const MARKER: &str = "demo_seeded_at";

const TOWNSHIPS: [(&str, [&str; 3]); 3] = [
    ("清河镇", ["东湾村", "杨柳村", "石桥村"]),
    ("柳林乡", ["南坪村", "北岭村", "梨花村"]),
    ("红旗街道", ["新华社区", "团结社区", "光明社区"]),
];

const MEMBERS: [(&str, i64); 10] = [
    ("张秀英", 1988),
    ("刘桂兰", 1979),
    ("陈晓燕", 1992),
    ("杨春梅", 1985),
    ("赵丽娟", 1990),
    ("黄小红", 1983),
    ("周海霞", 1995),
    ("吴玉芬", 1976),
    ("徐彩云", 1987),
    ("孙美玲", 1993),
];

/// (category, title, venue, description, days from now, hour, duration hours, capacity, the
/// village or township the venue is in)
type DemoActivity = (
    Category,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    i64,
    i64,
    &'static str,
);
const ACTIVITIES: [DemoActivity; 16] = [
    (
        Category::CultureSports,
        "广场舞交流会",
        "东湾村文化广场",
        "欢迎姐妹们一起跳舞，认识新朋友。\n不会跳也没关系，有老师带。",
        1,
        19,
        2,
        40,
        "东湾村",
    ),
    (
        Category::CultureSports,
        "乡村健步走",
        "柳林乡政府门口",
        "沿河健步走五公里，途中有补水点。",
        6,
        8,
        3,
        60,
        "柳林乡",
    ),
    (
        Category::SkillsTraining,
        "家政服务技能培训（第一期）",
        "清河镇社区学校",
        "学习保洁、收纳、照护老人，结业发证书。\n连续三天，请安排好时间。",
        3,
        9,
        6,
        30,
        "新华社区",
    ),
    (
        Category::SkillsTraining,
        "手机直播带货入门",
        "清河镇便民服务中心",
        "教你用手机卖自家的农产品。请带上充好电的手机。",
        9,
        14,
        3,
        25,
        "团结社区",
    ),
    (
        Category::Entrepreneurship,
        "巾帼创业贷款政策讲解",
        "县妇联二楼会议室",
        "讲解创业担保贷款申请条件和流程，现场答疑。",
        4,
        14,
        2,
        50,
        "红旗街道",
    ),
    (
        Category::Entrepreneurship,
        "合作社经营经验分享",
        "梨花村村委会",
        "种植合作社负责人分享经验。",
        12,
        15,
        2,
        30,
        "梨花村",
    ),
    (
        Category::HealthScreening,
        "“两癌”免费筛查（宫颈癌、乳腺癌）",
        "清河镇卫生院",
        "35至64岁农村妇女免费检查。请带身份证，空腹前来。",
        2,
        8,
        4,
        80,
        "清河镇",
    ),
    (
        Category::HealthScreening,
        "“两癌”免费筛查（柳林乡场次）",
        "柳林乡卫生院",
        "免费检查，结果一周内短信通知。请带身份证。",
        15,
        8,
        4,
        80,
        "柳林乡",
    ),
    (
        Category::LegalAid,
        "婚姻家庭法律知识讲座",
        "杨柳村村委会",
        "律师讲解婚姻、赡养、继承中的常见问题，可一对一咨询。",
        5,
        15,
        2,
        40,
        "杨柳村",
    ),
    (
        Category::LegalAid,
        "法律援助律师驻村咨询",
        "南坪村党群服务中心",
        "免费法律咨询，保护个人隐私。",
        10,
        9,
        3,
        20,
        "南坪村",
    ),
    (
        Category::FamilyEducation,
        "留守儿童家庭教育讲座",
        "清河镇中心小学",
        "爸爸不在家，怎样陪伴孩子学习和成长。",
        2,
        19,
        2,
        60,
        "清河镇",
    ),
    (
        Category::FamilyEducation,
        "亲子阅读会",
        "团结社区图书室",
        "带孩子一起来读绘本，每位妈妈可带两个孩子。",
        7,
        10,
        2,
        20,
        "团结社区",
    ),
    (
        Category::Governance,
        "村“两委”换届选举政策宣讲",
        "北岭村村委会",
        "了解选举流程和妇女参选的权利。",
        8,
        14,
        2,
        50,
        "北岭村",
    ),
    (
        Category::Governance,
        "妇女议事会",
        "光明社区议事厅",
        "一起商量社区的事，说出姐妹们的想法。",
        13,
        19,
        2,
        30,
        "光明社区",
    ),
    (
        Category::CareVisit,
        "关爱走访：困难妇女家庭",
        "石桥村",
        "志愿者上门看望，了解困难和需求。",
        4,
        9,
        4,
        10,
        "石桥村",
    ),
    (
        Category::CareVisit,
        "重阳敬老探访",
        "新华社区",
        "看望社区里的老人，陪他们聊聊天。",
        11,
        9,
        3,
        15,
        "新华社区",
    ),
];

/// Fills the database with the demo county. Returns false if it was already there.
pub async fn seed_demo(db: &Db) -> AppResult<bool> {
    // Hashed once for all demo accounts: they share a published password anyway, and one
    // argon2 run instead of thirteen keeps start-up and tests quick.
    let password_hash = crate::password::hash(DEMO_PASSWORD.to_owned()).await?;
    let mut tx = db.writer().begin().await?;
    let already: Option<String> = sqlx::query_scalar("SELECT value FROM app_meta WHERE key = $1")
        .bind(MARKER)
        .fetch_optional(&mut *tx)
        .await?;
    if already.is_some() {
        return Ok(false);
    }
    fill(&mut tx, &password_hash).await?;
    sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2)")
        .bind(MARKER)
        .bind(crate::now().to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

async fn fill(conn: &mut AnyConnection, password_hash: &str) -> AppResult<()> {
    let county = create_region(conn, None, RegionLevel::County, "同心县").await?;
    let county_federation = create_federation(conn, county, "同心县妇女联合会").await?;
    let mut villages = Vec::new();
    // Every region by name, to place each activity where its venue is.
    let mut places = std::collections::HashMap::new();
    for (township, names) in TOWNSHIPS {
        let township_id =
            create_region(conn, Some(county), RegionLevel::Township, township).await?;
        create_federation(conn, township_id, &format!("{township}妇女联合会")).await?;
        places.insert(township, township_id);
        for name in names {
            let id = create_region(conn, Some(township_id), RegionLevel::Village, name).await?;
            places.insert(name, id);
            villages.push(id);
        }
    }
    let dongwan = villages[0];
    create_federation(conn, dongwan, "东湾村妇女联合会").await?;

    let account = |phone: &'static str,
                   name: &'static str,
                   role: Role,
                   village: Option<i64>,
                   federation: Option<i64>,
                   birth_year: Option<i64>| {
        (
            phone.to_owned(),
            name,
            role,
            village,
            federation,
            birth_year,
        )
    };
    let mut accounts = vec![
        account(DEMO_ADMIN, "系统管理员", Role::Admin, None, None, None),
        account(
            DEMO_ORGANIZER,
            "王主任",
            Role::Organizer,
            Some(dongwan),
            Some(county_federation),
            Some(1975),
        ),
        account(
            DEMO_VOLUNTEER,
            "李大姐",
            Role::Volunteer,
            Some(dongwan),
            None,
            Some(1970),
        ),
    ];
    for (i, (name, birth_year)) in MEMBERS.iter().enumerate() {
        let phone = format!("138000000{}", DEMO_MEMBER_FIRST as usize + i);
        accounts.push((
            phone,
            name,
            Role::Member,
            Some(villages[i % villages.len()]),
            None,
            Some(*birth_year),
        ));
    }
    let mut organizer_id = None;
    for (phone, name, role, village_id, federation_id, birth_year) in accounts {
        let phone = Phone::parse(&phone)?;
        let id = users::create(
            conn,
            NewUser {
                phone: &phone,
                password_hash,
                display_name: name,
                role,
                village_id,
                federation_id,
                birth_year,
                consent_version: Some(PRIVACY_NOTICE_VERSION),
            },
        )
        .await?;
        if role == Role::Organizer {
            organizer_id = Some(id);
        }
        if role == Role::Volunteer {
            // Appointed by the county: her reach is her township.
            sqlx::query(
                "INSERT INTO volunteers (user_id, region_id, appointed_by, appointed_at)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(places["清河镇"])
            .bind(organizer_id)
            .bind(crate::now())
            .execute(&mut *conn)
            .await?;
        }
    }

    // The demo county has been running for a month: its women are not brand-new accounts
    // (whose reports count for less, see `services::circles::reports`).
    sqlx::query("UPDATE users SET created_at = created_at - $1")
        .bind(30 * 86_400_i64)
        .execute(&mut *conn)
        .await?;

    // Activities start at whole hours, China time, counted from today.
    let today_china_midnight = {
        let now = crate::now() + domain::time::CHINA_OFFSET_SECS;
        now - now.rem_euclid(86_400) - domain::time::CHINA_OFFSET_SECS
    };
    for (category, title, venue, description, days, hour, hours, capacity, place) in ACTIVITIES {
        let starts_at = today_china_midnight + days * 86_400 + hour * 3600;
        let region_id = places.get(place).copied().unwrap_or(county);
        sqlx::query(
            "INSERT INTO activities (federation_id, region_id, title, description, category, venue,
                                     starts_at, ends_at, capacity, companions_allowed,
                                     signup_deadline, cancel_cutoff, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
        )
        .bind(county_federation)
        .bind(region_id)
        .bind(title)
        .bind(description)
        .bind(category.slug())
        .bind(venue)
        .bind(starts_at)
        .bind(starts_at + hours * 3600)
        .bind(capacity)
        .bind(if category == Category::FamilyEducation { 2_i64 } else { 0 })
        .bind(starts_at - 3600)
        .bind(starts_at - 2 * 3600)
        .bind(organizer_id)
        .bind(crate::now())
        .execute(&mut *conn)
        .await?;
    }
    community(conn, county_federation, dongwan, places["清河镇"]).await?;
    demo_ledger(conn, &places).await?;
    demo_help(conn).await?;
    demo_outbox(conn).await
}

/// (name, the village, her demo account if she has one, birth year, difficulties,
/// assistance, oral consent's witness (else written), days since the first visit, next visit in
/// days (negative: overdue), closed)
type DemoRecord = (
    &'static str,
    &'static str,
    bool,
    i64,
    &'static [Difficulty],
    &'static [Assistance],
    Option<&'static str>,
    i64,
    i64,
    bool,
);

const LEDGER: [DemoRecord; 5] = [
    (
        "张秀英",
        "东湾村",
        true,
        1988,
        &[
            Difficulty::SeriousIllness,
            Difficulty::NeedsCare,
            Difficulty::WantsWork,
        ],
        &[],
        None,
        60,
        10,
        false,
    ),
    (
        "李桂芝",
        "东湾村",
        false,
        1968,
        &[Difficulty::LivingHardship, Difficulty::Disability],
        &[Assistance::Dibao, Assistance::DisabilityAllowance],
        Some("村妇联主席赵红"),
        100,
        -10,
        false,
    ),
    (
        "刘桂兰",
        "杨柳村",
        true,
        1979,
        &[Difficulty::NoIncome, Difficulty::NeedsLegalHelp],
        &[Assistance::TemporaryAssistance],
        None,
        30,
        60,
        false,
    ),
    (
        "杨春梅",
        "南坪村",
        true,
        1985,
        &[Difficulty::SafetyRisk, Difficulty::NeedsLegalHelp],
        &[],
        Some("村妇联主席孙丽"),
        20,
        7,
        false,
    ),
    (
        "马春花",
        "石桥村",
        false,
        1972,
        &[Difficulty::WantsWork],
        &[],
        None,
        200,
        0,
        true,
    ),
];

/// The care ledger of the demo county: the demo volunteer keeps 东湾村's; records with and
/// without accounts, visits (one overdue), consents written and oral, looks at them (one that
/// opened a sensitive part), a request waiting for an answer and a closed record.
async fn demo_ledger(
    conn: &mut AnyConnection,
    places: &std::collections::HashMap<&str, i64>,
) -> AppResult<()> {
    let id_of = |phone: &'static str| {
        sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE phone = $1").bind(phone)
    };
    let organizer = id_of(DEMO_ORGANIZER).fetch_one(&mut *conn).await?;
    let volunteer = id_of(DEMO_VOLUNTEER).fetch_one(&mut *conn).await?;
    let now = crate::now();
    let today = domain::time::start_of_day(now);
    sqlx::query(
        "INSERT INTO ledger_keepers (user_id, village_id, appointed_by, appointed_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(volunteer)
    .bind(places["东湾村"])
    .bind(organizer)
    .bind(now - 90 * 86_400)
    .execute(&mut *conn)
    .await?;
    for (
        name,
        village,
        has_account,
        born,
        difficulties,
        assistance,
        witness,
        first,
        next,
        closed,
    ) in LEDGER
    {
        let member: Option<i64> = if has_account {
            sqlx::query_scalar("SELECT id FROM users WHERE display_name = $1")
                .bind(name)
                .fetch_optional(&mut *conn)
                .await?
        } else {
            None
        };
        let keeper = if village == "东湾村" {
            volunteer
        } else {
            organizer
        };
        let created = today - first * 86_400 + 10 * 3600;
        let record: i64 = sqlx::query_scalar(
            "INSERT INTO ledger_records (village_id, member_id, name, birth_year, left_behind_since,
                 husband_works, children_under_16, elderly_dependants, disability_grade, skills,
                 work_wanted, notes, next_visit_due, closed_at, closed_reason, created_by,
                 created_at, updated_at)
             VALUES ($1, $2, $3, $4, '2021-03', 'other_province', 2, 1, $5, $6, $7, $8, $9, $10,
                     $11, $12, $13, $13)
             RETURNING id",
        )
        .bind(places[village])
        .bind(member)
        .bind(name)
        .bind(born)
        .bind(difficulties.contains(&Difficulty::Disability).then_some(2_i64))
        .bind(if difficulties.contains(&Difficulty::WantsWork) { "刺绣、做鞋垫" } else { "" })
        .bind(if difficulties.contains(&Difficulty::WantsWork) { "在家附近做手工" } else { "" })
        .bind(if difficulties.contains(&Difficulty::SafetyRisk) {
            "丈夫回家时有过争吵，已告知 12338 热线。"
        } else {
            "孩子上小学，婆婆腿脚不便。"
        })
        .bind((!closed).then_some(today + next * 86_400))
        .bind(closed.then_some(now - 30 * 86_400))
        .bind(closed.then_some(ClosedReason::NoLongerNeeded))
        .bind(keeper)
        .bind(created)
        .fetch_one(&mut *conn)
        .await?;
        for d in difficulties {
            sqlx::query("INSERT INTO ledger_difficulties (record_id, difficulty) VALUES ($1, $2)")
                .bind(record)
                .bind(*d)
                .execute(&mut *conn)
                .await?;
        }
        for a in assistance {
            sqlx::query("INSERT INTO ledger_assistance (record_id, kind) VALUES ($1, $2)")
                .bind(record)
                .bind(*a)
                .execute(&mut *conn)
                .await?;
        }
        sqlx::query(
            "INSERT INTO ledger_consents (record_id, event, method, witness, notice_version,
                                          recorded_by, recorded_at)
             VALUES ($1, 'given', $2, $3, $4, $5, $6)",
        )
        .bind(record)
        .bind(if witness.is_some() {
            ConsentMethod::Oral
        } else {
            ConsentMethod::Written
        })
        .bind(witness)
        .bind(domain::ledger::LEDGER_NOTICE_VERSION)
        .bind(keeper)
        .bind(created)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO ledger_visits (record_id, visited_on, visitor_id, found, agreed, next_due,
                                        created_at)
             VALUES ($1, $2, $3, '在家，精神不错，说想学点手艺。', '下月培训班开班时通知她。', $4, $5)",
        )
        .bind(record)
        .bind(today - first * 86_400)
        .bind(keeper)
        .bind((!closed).then_some(today + next * 86_400))
        .bind(created)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO ledger_access (record_id, viewer_id, viewer_role, fields_opened, reason, at)
             VALUES ($1, $2, $6, '', NULL, $3), ($1, $4, 'organizer', 'health', '安排“两癌”筛查', $5)",
        )
        .bind(record)
        .bind(keeper)
        .bind(created + 86_400)
        .bind(organizer)
        .bind(created + 2 * 86_400)
        .bind(if keeper == volunteer { Role::Volunteer } else { Role::Organizer })
        .execute(&mut *conn)
        .await?;
        if name == "张秀英" {
            sqlx::query(
                "INSERT INTO ledger_requests (record_id, kind, body, created_at)
                 VALUES ($1, 'correction', '我家老人已经搬去城里住了，家里没有要照顾的老人。', $2)",
            )
            .bind(record)
            .bind(now - 2 * 86_400)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// A request of the demo: (her number, kind, what she wrote, contact, urgency, state, days
/// ago, assigned to the demo volunteer, events, referral).
type DemoRequest = (
    &'static str,
    domain::help::HelpKind,
    &'static str,
    domain::help::HelpContact,
    domain::help::Urgency,
    domain::help::HelpState,
    i64,
    bool,
    &'static [DemoEvent],
    Option<DemoReferral>,
);
/// (by whom: `her`, `organizer` or `volunteer`; the state after it; the note; internal)
type DemoEvent = (&'static str, domain::help::HelpState, &'static str, bool);
/// (department, whom to ask there, the outcome when it came back)
type DemoReferral = (domain::help::Department, &'static str, Option<&'static str>);

/// Help requests of women of 清河镇 and 柳林乡 in every state, with their events (an internal
/// note among them), a referral that came back and one still out, and one nobody
/// acknowledged in time, escalated to the county's organizer.
async fn demo_help(conn: &mut AnyConnection) -> AppResult<()> {
    use domain::help::{
        Department as D, HelpContact as C, HelpKind as K, HelpState as S, Urgency as U,
    };
    let now = crate::now();
    let requests: [DemoRequest; 8] = [
        (
            "13800000010",
            K::Assistance,
            "丈夫在外地打工受了伤，这几个月家里没有收入，想问问能不能申请临时救助。",
            C::Call,
            U::Urgent,
            S::Referred,
            6,
            true,
            &[
                (
                    "organizer",
                    S::Acknowledged,
                    "已收到，请李大姐明天上门看看。",
                    false,
                ),
                (
                    "volunteer",
                    S::InProgress,
                    "上门了解了情况，帮她把材料准备好了。",
                    false,
                ),
                (
                    "volunteer",
                    S::InProgress,
                    "两个孩子在上学，婆婆卧病在床，家里确实困难。",
                    true,
                ),
                ("organizer", S::Referred, "", false),
            ],
            Some((D::CivilAffairs, "镇民政办 刘干事", None)),
        ),
        (
            "13800000011",
            K::Legal,
            "村里调整土地承包，合同上的名字没有我，想请懂法律的人帮忙看看。",
            C::Visit,
            U::Normal,
            S::Resolved,
            20,
            false,
            &[
                (
                    "organizer",
                    S::Acknowledged,
                    "已收到，会请司法所帮忙。",
                    false,
                ),
                ("organizer", S::Referred, "", false),
                (
                    "organizer",
                    S::Resolved,
                    "司法所已为她审阅合同，补上了她的名字。",
                    false,
                ),
            ],
            Some((
                D::LegalAid,
                "镇司法所 张所长",
                Some("法律援助中心审阅了合同，村委会已更正承包合同。"),
            )),
        ),
        (
            "13800000012",
            K::Health,
            "想参加“两癌”筛查，不知道去哪里报名。",
            C::App,
            U::Normal,
            S::Acknowledged,
            2,
            false,
            &[(
                "organizer",
                S::Acknowledged,
                "已收到。下个月卫生院有免费筛查，报名后通知你。",
                false,
            )],
            None,
        ),
        (
            "13800000011",
            K::Care,
            "白天要去大棚干活，老人需要有人照看。",
            C::Visit,
            U::Normal,
            S::New,
            0,
            false,
            &[],
            None,
        ),
        (
            "13800000013",
            K::Work,
            "想学做电商卖自家的梨，有没有培训？",
            C::App,
            U::Normal,
            S::InProgress,
            5,
            false,
            &[
                ("organizer", S::Acknowledged, "已收到。", false),
                (
                    "organizer",
                    S::InProgress,
                    "已把她加入下期电商培训的名单。",
                    false,
                ),
            ],
            None,
        ),
        (
            "13800000014",
            K::Family,
            "和婆婆关系很紧张，想找人聊聊。",
            C::Call,
            U::Normal,
            S::New,
            3,
            false,
            &[],
            None,
        ),
        (
            "13800000019",
            K::Care,
            "孩子放学后没人接，想找人帮忙。",
            C::Visit,
            U::Normal,
            S::Closed,
            15,
            false,
            &[
                ("organizer", S::Acknowledged, "已收到。", false),
                (
                    "organizer",
                    S::Closed,
                    "互助组的姐妹轮流帮她接孩子，她说暂时不需要了。",
                    false,
                ),
            ],
            None,
        ),
        (
            "13800000015",
            K::Other,
            "想问问村里有没有广场舞队。",
            C::App,
            U::Normal,
            S::Withdrawn,
            8,
            false,
            &[("her", S::Withdrawn, "已经找到了，谢谢。", false)],
            None,
        ),
    ];
    let id_of = |phone: &'static str| {
        sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE phone = $1").bind(phone)
    };
    let organizer: i64 = id_of(DEMO_ORGANIZER).fetch_one(&mut *conn).await?;
    let volunteer: i64 = id_of(DEMO_VOLUNTEER).fetch_one(&mut *conn).await?;
    for (phone, kind, description, contact, urgency, state, days, assigned, events, referral) in
        requests
    {
        let (woman, village): (i64, i64) =
            sqlx::query_as("SELECT id, village_id FROM users WHERE phone = $1")
                .bind(phone)
                .fetch_one(&mut *conn)
                .await?;
        let created = now - days * 86_400 - 3600;
        let step = |i: usize| created + (i as i64 + 1) * 3 * 3600;
        let acknowledged = events
            .iter()
            .position(|e| e.1 != S::New && e.1 != S::Withdrawn)
            .map(step);
        let finished = (state.finishes()).then(|| step(events.len().saturating_sub(1)));
        let overdue = state == S::New && days >= 2;
        let updated = if events.is_empty() {
            created
        } else {
            step(events.len() - 1)
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO help_requests (user_id, filed_by, village_id, kind, description, contact,
                                        urgency, state, assignee_id, created_at, acknowledged_at,
                                        resolved_at, escalated_at, updated_at)
             VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             RETURNING id",
        )
        .bind(woman)
        .bind(village)
        .bind(kind)
        .bind(description)
        .bind(contact)
        .bind(urgency)
        .bind(state)
        .bind(assigned.then_some(volunteer))
        .bind(created)
        .bind(acknowledged)
        .bind(finished)
        .bind(overdue.then_some(now - 3600))
        .bind(updated)
        .fetch_one(&mut *conn)
        .await?;
        let mut all = vec![("her", S::New, "", false)];
        all.extend_from_slice(events);
        let mut before = None;
        for (i, (by, after, note, internal)) in all.into_iter().enumerate() {
            let (actor, role) = match by {
                "organizer" => (organizer, Role::Organizer),
                "volunteer" => (volunteer, Role::Volunteer),
                _ => (woman, Role::Member),
            };
            let at = if i == 0 { created } else { step(i - 1) };
            sqlx::query(
                "INSERT INTO help_events (request_id, actor_id, actor_role, state, changed, note,
                                          internal, at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(actor)
            .bind(role)
            .bind(after)
            .bind(before != Some(after))
            .bind(note)
            .bind(internal)
            .bind(at)
            .execute(&mut *conn)
            .await?;
            before = Some(after);
        }
        if let Some((department, contact, outcome)) = referral {
            let referred = events
                .iter()
                .position(|e| e.1 == S::Referred)
                .map_or(created, step);
            sqlx::query(
                "INSERT INTO help_referrals (request_id, department, referred_on, contact,
                                             recorded_by, created_at, outcome, outcome_at,
                                             outcome_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(department)
            .bind(domain::time::start_of_day(referred))
            .bind(contact)
            .bind(organizer)
            .bind(referred)
            .bind(outcome)
            .bind(outcome.map(|_| referred + 86_400))
            .bind(outcome.map(|_| organizer))
            .execute(&mut *conn)
            .await?;
        }
        if overdue {
            sqlx::query(
                "INSERT INTO notifications (user_id, kind, help_request_id, created_at)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(organizer)
            .bind(crate::services::notifications::NotificationKind::HelpRequestEscalated)
            .bind(id)
            .bind(now - 3600)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// Text messages in every state of the outbox, so the admins' page shows what each looks
/// like (the demo's `log` provider sends nothing; the pending ones wait for the morning).
async fn demo_outbox(conn: &mut AnyConnection) -> AppResult<()> {
    use domain::sms::{OutboxState as S, SmsTemplate as T};
    let now = crate::now();
    let morning = domain::sms::next_sending_time(domain::time::start_of_day(now) + 86_400);
    let params = r#"{"title":"手工编织培训","time":"12月3日 09:00","place":"村委会二楼"}"#;
    // (number, template, state, attempts, error, due, sent)
    type Row = (
        &'static str,
        T,
        S,
        i64,
        Option<&'static str>,
        i64,
        Option<i64>,
    );
    let rows: [Row; 8] = [
        (
            "13800000010",
            T::Reminder,
            S::Sent,
            1,
            None,
            now - 7200,
            Some(now - 7200),
        ),
        (
            "13800000011",
            T::MovedUp,
            S::Sent,
            2,
            Some("HTTP 503"),
            now - 3600,
            Some(now - 3500),
        ),
        (
            "13800000012",
            T::ActivityChanged,
            S::Pending,
            0,
            None,
            morning,
            None,
        ),
        (
            "13800000013",
            T::ActivityCancelled,
            S::Pending,
            2,
            Some("isv.BUSINESS_LIMIT_CONTROL"),
            morning,
            None,
        ),
        (
            "13800000014",
            T::Reminder,
            S::Failed,
            1,
            Some("isv.MOBILE_NUMBER_ILLEGAL"),
            now - 5400,
            None,
        ),
        (
            "13800000015",
            T::Reminder,
            S::Skipped,
            1,
            Some("texts_off"),
            now - 5400,
            None,
        ),
        (
            "13800000016",
            T::Reminder,
            S::Skipped,
            1,
            Some("daily_cap"),
            now - 5400,
            None,
        ),
        ("13800000017", T::Reminder, S::Sending, 1, None, now, None),
    ];
    // The woman whose reminder was skipped did turn texts off.
    sqlx::query("UPDATE users SET texts_off = $1 WHERE phone = '13800000015'")
        .bind(true)
        .execute(&mut *conn)
        .await?;
    for (phone, template, state, attempts, error, due, sent) in rows {
        sqlx::query(
            "INSERT INTO outbox (to_phone, user_id, template, params, state, attempts,
                                 next_attempt_at, last_error, created_at, sent_at, claimed_until)
             SELECT phone, id, $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM users WHERE phone = $10",
        )
        .bind(template)
        .bind(params)
        .bind(state)
        .bind(attempts)
        .bind(due)
        .bind(error)
        .bind(now - 7200)
        .bind(sent)
        .bind((state == S::Sending).then_some(now + 120))
        .bind(phone)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// (circle, description, threads: (title, author phone, anonymous, pinned, body, replies:
/// (author phone, anonymous, body)))
type DemoReply = (&'static str, bool, &'static str);
type DemoThread = (
    &'static str,
    &'static str,
    bool,
    bool,
    &'static str,
    &'static [DemoReply],
);
const CIRCLES: [(&str, &str, &[DemoThread]); 4] = [
    (
        "作业辅导",
        "孩子的作业不会辅导、总是拖拉？大家一起想办法。",
        &[
            (
                "【指南】陪孩子写作业的三个小办法",
                DEMO_ORGANIZER,
                false,
                true,
                "1. 固定时间、固定地点，桌上只放作业。\n2. 先让孩子自己做，做完再一起检查。\n3. 多表扬做对的地方，少说“怎么又错了”。\n更多资料：https://www.cnwomen.com.cn",
                &[],
            ),
            (
                "孩子写作业总是拖拉怎么办？",
                "13800000010",
                false,
                false,
                "我家老大上三年级，每天写作业要写到九点多，说他也不听。大家有什么好办法吗？",
                &[
                    ("13800000011", false, "我家也是。后来每写完一科就让他休息十分钟，好多了。"),
                    ("13800000012", true, "试试用闹钟定时，比大人催管用。"),
                ],
            ),
        ],
    ),
    (
        "和青春期孩子沟通",
        "孩子大了不爱说话？分享和十几岁孩子相处的经验。",
        &[(
            "孩子上初中后不愿意跟我说话",
            "13800000013",
            false,
            false,
            "女儿上初一了，放学回来就关门，问什么都说“没事”。",
            &[("13800000014", false, "别急着问，周末一起做顿饭，边做边聊，她会慢慢说的。")],
        )],
    ),
    (
        "爸爸不在家，孩子的情绪",
        "爸爸在外打工，孩子想爸爸、闹情绪时，我们可以怎么做。",
        &[(
            "孩子总问爸爸什么时候回来",
            "13800000015",
            true,
            false,
            "每次视频完孩子都要哭一场，我也跟着难受。",
            &[
                ("13800000016", false, "我们约好每周六晚上视频，孩子有盼头，就不那么闹了。"),
                ("13800000015", true, "谢谢，我们也试试固定时间。"),
            ],
        )],
    ),
    ("安全与健康", "防溺水、防拐骗、生病了怎么办。", &[]),
];

/// Demo circles with threads (one of them anonymous), the volunteer as their moderator, and
/// two mutual-aid groups.
async fn community(
    conn: &mut AnyConnection,
    federation: i64,
    village: i64,
    township: i64,
) -> AppResult<()> {
    let now = crate::now();
    let user = |phone: &'static str| {
        sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE phone = $1").bind(phone)
    };
    let volunteer = user(DEMO_VOLUNTEER).fetch_one(&mut *conn).await?;
    let organizer = user(DEMO_ORGANIZER).fetch_one(&mut *conn).await?;
    for (c, (name, description, threads)) in CIRCLES.iter().enumerate() {
        let circle: i64 = sqlx::query_scalar(
            "INSERT INTO circles (federation_id, name, description, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(federation)
        .bind(*name)
        .bind(*description)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query("INSERT INTO moderators (user_id, circle_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4)")
            .bind(volunteer)
            .bind(circle)
            .bind(organizer)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        for (t, (title, author, anonymous, pinned, body, replies)) in threads.iter().enumerate() {
            // Older threads first, a few hours apart, so the list has an order to show.
            let started = now - 86_400 * (3 - c as i64).max(1) - 3600 * t as i64;
            let author_id = user(author).fetch_one(&mut *conn).await?;
            let thread: i64 = sqlx::query_scalar(
                "INSERT INTO threads (circle_id, title, author_id, pinned, last_activity_at, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(circle)
            .bind(*title)
            .bind(author_id)
            .bind(*pinned)
            .bind(started + 600 * replies.len() as i64)
            .bind(started)
            .fetch_one(&mut *conn)
            .await?;
            let mut anon_numbers: Vec<i64> = Vec::new();
            let posts =
                std::iter::once((*author, *anonymous, *body)).chain(replies.iter().copied());
            for (i, (phone, anon, text)) in posts.enumerate() {
                let who = user(phone).fetch_one(&mut *conn).await?;
                let number = anon.then(|| {
                    let n = anon_numbers
                        .iter()
                        .position(|w| *w == who)
                        .unwrap_or_else(|| {
                            anon_numbers.push(who);
                            anon_numbers.len() - 1
                        });
                    n as i64 + 1
                });
                sqlx::query(
                    "INSERT INTO posts (thread_id, author_id, anonymous, anon_number, body, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(thread)
                .bind(who)
                .bind(anon)
                .bind(number)
                .bind(text)
                .bind(started + 600 * i as i64)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    // name, need, purpose, region, open to join, members
    type DemoGroup<'a> = (&'a str, &'a str, &'a str, i64, bool, &'a [&'a str]);
    let groups: [DemoGroup; 2] = [
        (
            "东湾村带娃互助组",
            "childcare",
            "谁家临时有事，孩子放学后可以托给组里的姐妹照看一会儿。",
            village,
            true,
            &["13800000010"],
        ),
        (
            "清河镇种植合作组",
            "farming",
            "一起学技术、一起买农资、一起找销路。",
            township,
            false,
            &["13800000010", "13800000011"],
        ),
    ];
    for (name, need, purpose, region, open, members) in groups {
        let group: i64 = sqlx::query_scalar(
            "INSERT INTO aid_groups (federation_id, region_id, name, purpose, need, open_to_join, member_limit, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 30, $7, $8) RETURNING id",
        )
        .bind(federation)
        .bind(region)
        .bind(name)
        .bind(purpose)
        .bind(need)
        .bind(open)
        .bind(organizer)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
        for phone in members {
            let who = user(phone).fetch_one(&mut *conn).await?;
            sqlx::query("INSERT INTO group_members (group_id, user_id, status, joined_at) VALUES ($1, $2, 'member', $3)")
                .bind(group)
                .bind(who)
                .bind(now)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}
