//! What an operation's test starts from: Huế (46) with two of its wards and Hà Nội (1) with
//! one, the Huế agencies, two commune groups, Hà Nội's department and police, and the
//! national line, Huế's education department (a body that only records its work against the
//! plan), and one active user per role (and Thuận An's chair), each under its
//! username ([`world`]); and a [`Scene`] to act in as those users.
//! Users have no usable password: tests act as them directly, without logging in.

use std::sync::Arc;

use hotline_vault::{MasterKey, Vault};
use std::collections::HashMap;

use chrono::Utc;
use hotline_auth::Principal;
use hotline_domain::text::fold;
use hotline_http::Caller;
use hotline_intake::contacts::ContactKey;
use hotline_intake::dto::{ReportCreated, ReportRequest};
use hotline_intake::idempotency::Idempotency;
use hotline_intake::log::{log_report, Logged};
use hotline_intake::record::Services;
use hotline_routing::Router;
use hotline_store::models::{CommuneRow, ProvinceRow, UserRow};
use hotline_store::queries::agencies::{self, AgencySpec};
use hotline_store::queries::{places, users};
use hotline_store::DbConnection;

/// Huế's ward of Thuận An, where most test cases happen.
pub const THUAN_AN: i32 = 19900;
/// Another Huế ward, Dương Nỗ.
pub const DUONG_NO: i32 = 19909;
/// Hà Nội's ward of Ba Đình.
pub const BA_DINH: i32 = 4;

/// Agencies and users by code and username, as ids.
pub struct World {
    agencies: HashMap<String, String>,
    users: HashMap<String, String>,
}

impl World {
    /// The id of the agency `code`.
    pub fn agency(&self, code: &str) -> &str {
        self.agencies
            .get(code)
            .map_or_else(|| panic!("no agency {code} in the fixture"), String::as_str)
    }

    /// The id of the user `username`.
    pub fn user(&self, username: &str) -> &str {
        self.users.get(username).map_or_else(
            || panic!("no user {username} in the fixture"),
            String::as_str,
        )
    }
}

fn commune(province_code: i32, code: i32, name: &str) -> CommuneRow {
    CommuneRow {
        code,
        province_code,
        name: name.into(),
        unit_type: "phường".into(),
        name_folded: fold(name),
        valid_from: "2025-07-01".into(),
    }
}

fn province(code: i32, name: &str) -> ProvinceRow {
    ProvinceRow {
        code,
        name: name.into(),
        unit_type: "thành phố trung ương".into(),
        valid_from: "2025-07-01".into(),
    }
}

fn agency(code: &str, kind: &str, province: Option<i32>, commune: Option<i32>) -> AgencySpec {
    AgencySpec {
        code: code.into(),
        kind: kind.into(),
        name: format!("Cơ quan {code}"),
        province_code: province,
        commune_code: commune,
        email: Some(format!("{code}@example.invalid")),
    }
}

/// The users: username, role, agency code.
const USERS: &[(&str, &str, Option<&str>)] = &[
    ("op", "operator", Some("hue-hotline")),
    ("op111", "operator", Some("vn-111")),
    ("worker", "commune_worker", Some("cp-19900")),
    ("worker2", "commune_worker", Some("cp-19909")),
    ("police", "police", Some("hue-police")),
    ("info", "agency_officer", Some("hue-info")),
    ("cpd", "agency_officer", Some("hue-cpd")),
    ("sup", "supervisor", Some("hue-cpd")),
    ("chair", "commune_chair", Some("cp-19900")),
    ("admin", "admin", None),
    ("edu", "plan_officer", Some("hue-education")),
];

/// Load the reference rows into a migrated database.
pub fn world(conn: &mut DbConnection) -> World {
    places::load(
        conn,
        &[
            province(1, "Thành phố Hà Nội"),
            province(46, "Thành phố Huế"),
        ],
        &[
            commune(1, BA_DINH, "Phường Ba Đình"),
            commune(46, THUAN_AN, "Phường Thuận An"),
            commune(46, DUONG_NO, "Phường Dương Nỗ"),
        ],
    )
    .expect("load places");
    let specs = [
        agency("vn-111", "hotline", None, None),
        agency("hue-hotline", "hotline", Some(46), None),
        agency("hue-cpd", "child_protection_dept", Some(46), None),
        agency("hue-police", "police", Some(46), None),
        agency("hue-info", "info_dept", Some(46), None),
        agency("cp-19900", "commune_cp_group", Some(46), Some(THUAN_AN)),
        agency("cp-19909", "commune_cp_group", Some(46), Some(DUONG_NO)),
        agency("hue-education", "education_dept", Some(46), None),
        agency("hn-cpd", "child_protection_dept", Some(1), None),
        agency("hn-police", "police", Some(1), None),
    ];
    let now = Utc::now().naive_utc();
    agencies::upsert(conn, &specs, now).expect("load agencies");
    let mut world = World {
        agencies: HashMap::new(),
        users: HashMap::new(),
    };
    for spec in &specs {
        let row = agencies::by_code(conn, &spec.code)
            .expect("read agency")
            .expect("agency just loaded");
        world.agencies.insert(spec.code.clone(), row.id);
    }
    for (username, role, agency) in USERS {
        let id = uuid::Uuid::new_v4().to_string();
        users::insert(
            conn,
            &UserRow::new(
                id.clone(),
                username,
                role,
                agency.map(|code| world.agency(code).to_owned()),
                "!".into(),
                now,
            ),
        )
        .expect("insert user");
        world.users.insert((*username).into(), id);
    }
    world
}

/// A migrated database with the [`world`] in it, the shipped routing rules, and ways to act
/// in it as any of the world's users: what a test of an operation starts from.
/// The master key of the test databases' vaults.
pub const TEST_MASTER_KEY: &[u8] = b"test master key, at least thirty-two bytes";

/// The vault of a test database (its first keys made under [`TEST_MASTER_KEY`]).
pub fn test_vault(conn: &mut DbConnection) -> Vault {
    let master = MasterKey::from_secret(TEST_MASTER_KEY).expect("a long enough key");
    hotline_vault::open_keyring(
        conn,
        master,
        |_| Ok(Vec::new()),
        None,
        Utc::now().naive_utc(),
    )
    .expect("the test database's keys open")
}

pub struct Scene {
    pub conn: DbConnection,
    pub world: World,
    pub router: Router,
    pub contact_key: ContactKey,
    /// The scene database's keys, under [`TEST_MASTER_KEY`].
    pub vault: Arc<Vault>,
    /// Kept alive as long as the scene.
    pub db: crate::TestDb,
}

impl Default for Scene {
    fn default() -> Self {
        Scene::new()
    }
}

impl Scene {
    pub fn new() -> Scene {
        let db = crate::TestDb::new();
        let mut conn = db.migrated_connection();
        let world = world(&mut conn);
        let router = Router::parse(
            include_str!("../../../config/routing.toml"),
            include_str!("../../../config/holidays.toml"),
        )
        .expect("the shipped routing configuration is valid");
        let vault = Arc::new(test_vault(&mut conn));
        Scene {
            conn,
            world,
            router,
            vault,
            contact_key: ContactKey::new(b"test contact key, thirty-two byte".to_vec()),
            db,
        }
    }

    /// The world's user `username`, as an operation's caller.
    pub fn caller(&mut self, username: &str) -> Caller {
        let principal = Principal::load(&mut self.conn, self.world.user(username))
            .expect("the fixture's users load");
        Caller::user(principal, Some("192.0.2.7".into()), self.vault.clone())
    }

    /// Log `report` (a report body, as JSON) as `username`; panics unless it is logged.
    pub fn log(&mut self, username: &str, report: serde_json::Value) -> ReportCreated {
        self.log_at(username, report, Utc::now())
    }

    /// Add a user `username` of `role` in the agency `agency` (a code) to the scene's world.
    pub fn add_user(&mut self, username: &str, role: &str, agency: &str) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        let agency = self.world.agency(agency).to_owned();
        let row = UserRow::new(
            id.clone(),
            username,
            role,
            Some(agency),
            "!".into(),
            Utc::now().naive_utc(),
        );
        users::insert(&mut self.conn, &row).expect("insert user");
        self.world.users.insert(username.into(), id.clone());
        id
    }

    /// Give `username` an address for notices.
    pub fn set_email(&mut self, username: &str, email: &str) {
        let set = users::set_email(&mut self.conn, username, Some(email)).expect("set email");
        assert!(set, "no user {username}");
    }

    /// Log `report` as `username` at `now` (a test's clock); panics unless it is logged.
    pub fn log_at(
        &mut self,
        username: &str,
        report: serde_json::Value,
        now: chrono::DateTime<Utc>,
    ) -> ReportCreated {
        let caller = self.caller(username);
        let request: ReportRequest = serde_json::from_value(report).expect("a report body");
        let services = Services {
            router: &self.router,
            contact_key: &self.contact_key,
            vault: &self.vault,
        };
        let logged = log_report(
            &mut self.conn,
            &caller,
            services,
            &request,
            Idempotency::default(),
            now,
        );
        match logged {
            Ok(Logged::Created(created)) => created.body,
            Ok(Logged::Replayed(_)) => panic!("a report without a key was replayed"),
            Err(e) => panic!("the report was refused: {e:?}"),
        }
    }

    /// An online sexual-exploitation case about `child` in `commune`, logged by `username`:
    /// routed to the commune's group, the department, the police and the information
    /// department.
    pub fn case(&mut self, username: &str, commune: i32, child: &str) -> ReportCreated {
        self.log(username, abuse_report(commune, child))
    }
}

/// A report that opens an online sexual-exploitation case, with content still online.
pub fn abuse_report(commune: i32, child: &str) -> serde_json::Value {
    serde_json::json!({
        "channel": "hotline_111",
        "contact_type": "abuse_report",
        "categories": ["online_sexual_exploitation"],
        "risk_level": "high",
        "place": {"commune_code": commune},
        "children": [{"name": child, "birth_year": 2012, "sex": "female"}],
        "online": {"platform": "facebook", "urls": [format!("https://www.facebook.com/{}", fold(child).replace(' ', "."))],
                   "still_online": true},
    })
}
