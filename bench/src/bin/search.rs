//! `hotline-search-bench`: how long a supervisor's case list and search take over a large
//! database, asked as an outside client would (the JSON API, over HTTP). Fills the database
//! up to `--cases` cases of one province straight into the tables, in batches, as intake
//! writes them for the list and the search: the case, its categories, one or two children
//! with Vietnamese names (sealed, with the keyed name hash) and the keyed word index of names,
//! places and the case number. Names follow the spread of Vietnamese family, middle and given
//! names, so that "Nguyễn Thị Hoa" names thousands of cases, as it would. Then signs in a
//! supervisor of the province and times each query `--requests` times; prints p50, p95, max.

use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, Utc};
use clap::Parser;
use diesel::prelude::*;
use hotline_bench::timing::{print_table, sign_in};
use hotline_bench::{ensure_supervisor, insert_all, pick, random_id};
use hotline_domain::text;
use hotline_store::models::{CaseCategoryRow, CaseRow, ChildRow};
use hotline_store::queries::places;
use hotline_store::queries::search_terms::terms_of;
use hotline_store::schema::{case_categories, case_children, case_search_terms, cases};
use hotline_store::{per_backend, write_transaction, DbConnection, StoreError};
use hotline_vault::{Field, Vault};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[derive(Parser, Debug)]
#[command(about = "A supervisor's case list and search over a large database")]
struct Args {
    /// Base URL of the running server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// The server's database.
    #[arg(long)]
    database_url: String,
    /// Fill the database up to this many cases of the province first.
    #[arg(long, default_value_t = 1_000_000)]
    cases: i64,
    /// Cases to a transaction while filling.
    #[arg(long, default_value_t = 2_000)]
    batch: usize,
    /// Only time the queries: the database is filled and its indexes built already.
    #[arg(long)]
    measure_only: bool,
    /// Timed requests per query (after 5 untimed); 0: only fill.
    #[arg(long, default_value_t = 100)]
    requests: usize,
    #[arg(long, default_value_t = 46)]
    province: i32,
}

const SUPERVISOR: &str = "sb-sup";

/// Family names with their share (per mille) of Vietnamese people.
const FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 50),
    ("Phan", 45),
    ("Vũ", 39),
    ("Huỳnh", 40),
    ("Võ", 30),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Trương", 10),
    ("Đinh", 8),
    ("Lương", 7),
];
const MIDDLE_GIRL: &[(&str, u32)] = &[
    ("Thị", 600),
    ("Ngọc", 100),
    ("Thu", 60),
    ("Thanh", 60),
    ("Bảo", 40),
    ("Khánh", 40),
    ("Minh", 50),
    ("Phương", 50),
];
const MIDDLE_BOY: &[(&str, u32)] = &[
    ("Văn", 450),
    ("Minh", 120),
    ("Đức", 90),
    ("Quốc", 80),
    ("Hữu", 80),
    ("Gia", 60),
    ("Thành", 60),
    ("Anh", 60),
];
const GIVEN_GIRL: &[&str] = &[
    "Hoa", "Lan", "Mai", "Linh", "Hương", "Ngọc", "Trang", "Thảo", "Anh", "Hà", "Nhung", "Vy",
    "Nhi", "Tâm", "Phương", "Yến", "Thủy", "Hạnh", "Dung", "Hằng", "Nga", "Quỳnh", "Châu", "Trâm",
    "My", "Ngân", "Hiền", "Uyên", "Giang", "Loan",
];
const GIVEN_BOY: &[&str] = &[
    "Nam", "Hùng", "Dũng", "Minh", "Tuấn", "Long", "Huy", "Khoa", "Phúc", "Bảo", "Khang", "An",
    "Đạt", "Hải", "Sơn", "Tùng", "Thắng", "Kiên", "Quân", "Hiếu", "Trung", "Vinh", "Nhân", "Toàn",
    "Lộc", "Tài", "Phong", "Duy", "Khôi", "Thịnh",
];
const STREETS: &[&str] = &[
    "Lê Lợi",
    "Hùng Vương",
    "Trần Hưng Đạo",
    "Nguyễn Huệ",
    "Phan Đình Phùng",
    "Hai Bà Trưng",
    "Điện Biên Phủ",
    "Lý Thường Kiệt",
    "Bà Triệu",
    "Ngự Bình",
    "Kim Long",
    "Chi Lăng",
];
const WHERE: &[&str] = &[
    "ở nhà bà ngoại",
    "ở nhà riêng",
    "ở nhà bác",
    "trường tiểu học",
    "trường trung học cơ sở",
    "nhà tạm lánh",
];
const CATEGORIES: &[(&str, u32)] = &[
    ("online_sexual_exploitation", 35),
    ("sexual_abuse", 30),
    ("physical_abuse", 15),
    ("neglect", 10),
    ("emotional_abuse", 5),
    ("child_labour", 5),
];

/// The rows of one batch.
#[derive(Default)]
struct Batch {
    cases: Vec<CaseRow>,
    categories: Vec<CaseCategoryRow>,
    children: Vec<ChildRow>,
    terms: Vec<(Vec<u8>, String, NaiveDateTime)>,
}

/// What every case of the fill shares.
struct Fill<'a> {
    vault: &'a Vault,
    communes: Vec<(i32, String)>,
    user: String,
    agency: String,
    province: i32,
    now: NaiveDateTime,
}

/// Case `n` (numbered within its year), received within the three years before `now`.
fn case_rows(
    rng: &mut StdRng,
    f: &Fill<'_>,
    n: i64,
    b: &mut Batch,
) -> Result<(), hotline_vault::VaultError> {
    let received = f.now - chrono::Duration::seconds(rng.random_range(0..3 * 365 * 86_400));
    let year = chrono::Datelike::year(&received);
    let (commune, commune_name) = &f.communes[rng.random_range(0..f.communes.len())];
    let status = *pick(rng, hotline_bench::STATUS_SPREAD);
    let ended = !hotline_domain::lifecycle::is_open(status);
    let case_id = random_id(rng);
    let case_number = format!("{:02}-{year}-{n:07}", f.province);
    let place = format!(
        "tổ {}, kiệt {} đường {}",
        rng.random_range(1..30),
        rng.random_range(1..200),
        STREETS[rng.random_range(0..STREETS.len())]
    );
    let mut words = vec![commune_name.clone(), place.clone()];
    let children = if rng.random_bool(0.2) { 2 } else { 1 };
    for position in 0..children {
        let girl = rng.random_bool(0.65);
        let family = *pick(rng, FAMILY);
        let (middle, given) = if girl {
            (
                *pick(rng, MIDDLE_GIRL),
                GIVEN_GIRL[rng.random_range(0..GIVEN_GIRL.len())],
            )
        } else {
            (
                *pick(rng, MIDDLE_BOY),
                GIVEN_BOY[rng.random_range(0..GIVEN_BOY.len())],
            )
        };
        let name = format!("{family} {middle} {given}");
        let location = WHERE[rng.random_range(0..WHERE.len())];
        let child_id = random_id(rng);
        let age = rng.random_range(3..18);
        b.children.push(ChildRow {
            name: Some(f.vault.seal(Field::ChildName, &child_id, &name)?),
            current_location: Some(f.vault.seal(Field::ChildLocation, &child_id, location)?),
            name_key: Some(f.vault.terms().child_name_key(&text::fold(&name))),
            id: child_id,
            case_id: case_id.clone(),
            position,
            birth_year: Some(year - age),
            age_estimate: None,
            sex: Some(if girl { "female" } else { "male" }.into()),
            name_folded: None,
            ethnicity: None,
            disability: None,
            birth_date: None,
            birth_date_sealed: None,
            age_on_receipt: Some(age),
        });
        words.push(name);
        words.push(location.to_owned());
    }
    let folded = text::fold(&words.join(" | "));
    for term in terms_of(&folded)
        .iter()
        .chain(terms_of(&case_number).iter())
    {
        b.terms
            .push((f.vault.terms().hash(term), case_id.clone(), received));
    }
    b.categories.push(CaseCategoryRow {
        case_id: case_id.clone(),
        category: (*pick(rng, CATEGORIES)).into(),
    });
    b.cases.push(CaseRow {
        place_detail: Some(f.vault.seal(Field::CasePlace, &case_id, &place)?),
        id: case_id,
        case_number,
        province_code: f.province,
        commune_code: *commune,
        status,
        risk_level: Some((*pick(rng, &[("high", 30), ("medium", 50), ("low", 20)])).into()),
        emergency: rng.random_bool(0.1),
        received_at: received,
        opened_by: f.user.clone(),
        opened_by_agency: f.agency.clone(),
        search_text: String::new(),
        created_at: received,
        updated_at: received,
        closed_at: ended.then(|| received + chrono::Duration::days(rng.random_range(1..120))),
        routing: None,
        action_due_at: None,
        plan_due_at: None,
        approval_due_at: None,
        duplicate_of: None,
        plan_cycle: 1,
        abuse_setting: None,
        legal_outcome: None,
        erased_at: None,
        manager_id: None,
        received_province_code: f.province,
        received_commune_code: *commune,
    });
    Ok(())
}

fn write(conn: &mut DbConnection, b: &mut Batch) -> Result<(), StoreError> {
    // In the index's order, so that each of its pages a batch touches is touched once.
    b.terms.sort_unstable();
    let terms: Vec<_> = b
        .terms
        .iter()
        .map(|(term, case, received)| {
            (
                case_search_terms::term.eq(term.clone()),
                case_search_terms::case_id.eq(case.clone()),
                case_search_terms::received_at.eq(*received),
            )
        })
        .collect();
    write_transaction(conn, |conn| {
        insert_all!(conn, cases::table, &b.cases);
        insert_all!(conn, case_categories::table, &b.categories);
        insert_all!(conn, case_children::table, &b.children);
        for chunk in terms.chunks(5_000) {
            hotline_store::insert_or_ignore!(&mut *conn, case_search_terms::table, chunk.to_vec())?;
        }
        Ok::<_, StoreError>(())
    })
}

/// The word index's indexes besides its key, as the migrations create them.
const SECONDARY_TERM_INDEXES: &[(&str, &str)] = &[
    ("case_search_terms_case_idx", "(case_id)"),
    (
        "case_search_terms_newest_idx",
        "(term, received_at DESC, case_id DESC)",
    ),
];

fn rebuild_term_indexes(conn: &mut DbConnection) -> Result<(), String> {
    let started = Instant::now();
    if let DbConnection::Pg(c) = conn {
        diesel::sql_query("SET maintenance_work_mem = '2GB'")
            .execute(c)
            .map_err(|e| e.to_string())?;
    }
    for (name, columns) in SECONDARY_TERM_INDEXES {
        let create = format!("CREATE INDEX IF NOT EXISTS {name} ON case_search_terms {columns}");
        per_backend!(&mut *conn, |c| diesel::sql_query(&create).execute(c))
            .map_err(|e| e.to_string())?;
    }
    eprintln!(
        "built the word index's orders in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn fill(args: &Args, conn: &mut DbConnection) -> Result<(), String> {
    let have: i64 = cases::table
        .filter(cases::province_code.eq(args.province))
        .count()
        .get_result(conn)
        .map_err(|e| e.to_string())?;
    if have >= args.cases {
        println!("the province holds {have} cases already");
        return finish(conn);
    }
    let (user, agency) = ensure_supervisor(conn, SUPERVISOR)?;
    let vault = hotline_bench::server_vault(conn)?;
    if let DbConnection::Sqlite(c) = conn {
        // The word index takes its rows in random order: with SQLite's default 2 MB of page
        // cache each batch rereads most of it from disk. The fill keeps 4 GB instead.
        diesel::sql_query("PRAGMA cache_size = -4000000")
            .execute(c)
            .map_err(|e| e.to_string())?;
    }
    let communes = places::communes_in(conn, args.province)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|c| (c.code, c.name))
        .collect();
    let f = Fill {
        vault: &vault,
        communes,
        user,
        agency,
        province: args.province,
        now: Utc::now().naive_utc(),
    };
    // The word index's two other orders are built once at the end, from sorted rows, instead
    // of taking every posting at a random place (a fill stopped halfway builds them when run
    // again).
    for index in SECONDARY_TERM_INDEXES {
        let drop = format!("DROP INDEX IF EXISTS {}", index.0);
        per_backend!(&mut *conn, |c| diesel::sql_query(&drop).execute(c))
            .map_err(|e| e.to_string())?;
    }
    let mut rng = StdRng::seed_from_u64(have.unsigned_abs() + 11);
    let started = Instant::now();
    let mut n = have;
    while n < args.cases {
        let upto = (n + args.batch as i64).min(args.cases);
        let mut batch = Batch::default();
        for k in n..upto {
            // Past any number intake gives out (which starts at 1 each year).
            case_rows(&mut rng, &f, 5_000_000 + k, &mut batch).map_err(|e| e.to_string())?;
        }
        write(conn, &mut batch).map_err(|e| e.to_string())?;
        n = upto;
        if n % 50_000 < args.batch as i64 {
            let rate = (n - have) as f64 / started.elapsed().as_secs_f64();
            eprintln!("{n} cases ({rate:.0}/s)");
        }
    }
    eprintln!(
        "filled {} cases in {:.0} s",
        n - have,
        started.elapsed().as_secs_f64()
    );
    finish(conn)
}

/// What a fill leaves for the end, also when a stopped fill is run again: the word index's
/// other orders, and the planner's statistics.
fn finish(conn: &mut DbConnection) -> Result<(), String> {
    rebuild_term_indexes(conn)?;
    hotline_bench::analyze(conn)
}

async fn measure(args: &Args, number: &str) -> Result<(), String> {
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(60))
        .finish();
    let token = sign_in(&client, &args.url, SUPERVISOR).await?;
    let queries: Vec<(&str, String)> = vec![
        ("newest cases, page 1", String::new()),
        ("newest cases, page 50", "page=50".into()),
        ("status new", "status=new".into()),
        ("3 words, no diacritics", "q=nguyen+thi+hoa".into()),
        (
            "3 words, with diacritics",
            "q=Nguy%E1%BB%85n+Th%E1%BB%8B+Hoa".into(),
        ),
        ("a prefix: ngu", "q=ngu".into()),
        ("2 words, both uncommon", "q=luong+khoi".into()),
        ("a word that matches nothing", "q=xyzzyq".into()),
        ("a case number", format!("q={number}")),
        ("name and street", "q=tran+van+nam+le+loi".into()),
    ];
    let table = (args.requests, "GET /api/v1/cases (supervisor)");
    print_table((&client, &token), table, queries, |query| {
        format!("{}/api/v1/cases?{query}", args.url)
    })
    .await
}

fn main() -> std::process::ExitCode {
    let database: fn(&Args) -> &str = |args| &args.database_url;
    hotline_bench::main_with_supervisor((SUPERVISOR, database), |args, conn| {
        if !args.measure_only {
            fill(args, conn)?;
        }
        if args.requests == 0 {
            return Ok(());
        }
        let number: String = cases::table
            .filter(cases::province_code.eq(args.province))
            .order(cases::received_at.desc())
            .select(cases::case_number)
            .offset(1234)
            .first(conn)
            .map_err(|e| e.to_string())?;
        let total: i64 = cases::table
            .count()
            .get_result(conn)
            .map_err(|e| e.to_string())?;
        println!("cases in the database: {total}");
        actix_rt::System::new().block_on(measure(args, &number))
    })
}
