use super::*;

/// The mapping of the register the import test and the bench use.
const MAPPING: &str = include_str!("../../../../tests/fixtures/import/map.toml");

const HEADERS: [&str; 9] = [
    "Số TT",
    "Ngày tiếp nhận",
    "Xã/phường",
    "Loại xâm hại",
    "Tình trạng",
    "Ngày kết thúc",
    "Họ tên trẻ",
    "Năm sinh",
    "Giới tính",
];

fn sheet(rows: &[[&str; 9]]) -> Sheet {
    Sheet {
        headers: HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect(),
    }
}

/// Thuận An by name or code; the old Phú Thuận divided between it and Phú Vang; everything
/// else unknown.
fn communes(written: &Written<'_>) -> Result<Located, String> {
    match written.commune {
        "Thuận An" | "Phường Thuận An" | "19900" => Ok(Located::Commune(19900)),
        "Phú Thuận" => Ok(Located::Divided(OldUnit {
            code: "19909".into(),
            name: "Xã Phú Thuận".into(),
            district: "Huyện Phú Vang".into(),
            province: 46,
            among: vec![19900, 19918],
        })),
        other => Err(format!("không có xã, phường «{other}» năm 2025")),
    }
}

fn now() -> DateTime<Utc> {
    "2026-12-07T00:00:00Z".parse().unwrap()
}

#[test]
fn a_row_becomes_the_report_intake_would_have_taken() {
    let mapping = Mapping::parse(MAPPING).unwrap();
    let sheet = sheet(&[[
        "17",
        "05/03/2021",
        "Thuận An",
        "Xâm hại tình dục; bạo lực thể chất",
        "Đã đóng",
        "20/04/2021",
        "Nguyễn Thị Hoa",
        "2012",
        "Nữ",
    ]]);
    let rows = Rows::new(&mapping, &sheet).unwrap();
    let checked = rows.check(0, &communes, now()).unwrap();
    assert_eq!(checked.divided, None);
    let past = checked.past;
    assert_eq!(past.report.commune_code, Some(19900));
    assert_eq!(past.source_key, "hue-so-dang-ky-2021-2022:17");
    assert_eq!(past.row, 2);
    assert_eq!(past.status, CaseStatus::Closed);
    // Midnight in Vietnam is 17:00 UTC the day before.
    let received: DateTime<Utc> = "2021-03-04T17:00:00Z".parse().unwrap();
    assert_eq!(past.report.received_at, received);
    assert_eq!(
        past.closed_at,
        Some("2021-04-19T17:00:00Z".parse().unwrap())
    );
    let codes: Vec<&str> = past.report.categories.iter().map(|c| c.code()).collect();
    assert_eq!(codes, ["sexual_abuse", "physical_violence"]);
    assert_eq!(past.report.children[0].sex, Some(Sex::Female));
    assert_eq!(past.report.children[0].birth_year, Some(2012));
}

#[test]
fn every_problem_of_a_row_is_said_with_its_column() {
    let mapping = Mapping::parse(MAPPING).unwrap();
    let sheet = sheet(&[
        [
            "",
            "32/13/2020",
            "Hương Trà",
            "trộm cắp",
            "đang chờ",
            "",
            "",
            "hai nghìn",
            "X",
        ],
        [
            "5",
            "05/03/2021",
            "19900",
            "Sao nhãng",
            "closed",
            "",
            "",
            "",
            "",
        ],
        ["6", "05/03/2030", "19900", "Sao nhãng", "", "", "", "", ""],
    ]);
    let rows = Rows::new(&mapping, &sheet).unwrap();
    let problems = rows.check(0, &communes, now()).unwrap_err();
    let columns: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
    for column in [
        "Số TT",
        "Ngày tiếp nhận",
        "Xã/phường",
        "Loại xâm hại",
        "Tình trạng",
        "Năm sinh",
        "Giới tính",
    ] {
        assert!(columns.contains(&column), "{column} not in {problems:?}");
    }
    assert!(problems.iter().all(|p| p.row == 2));
    let closed_without_date = rows.check(1, &communes, now()).unwrap_err();
    assert_eq!(closed_without_date[0].column, "Ngày kết thúc");
    assert_eq!(closed_without_date[0].row, 3);
    // Intake's own rule: nothing received in the future.
    let future = rows.check(2, &communes, now()).unwrap_err();
    assert_eq!(future[0].column, "Ngày tiếp nhận", "{future:?}");
}

#[test]
fn a_mapping_naming_columns_the_file_lacks_is_refused_before_any_row() {
    let mapping = Mapping::parse(&MAPPING.replace("\"Năm sinh\"", "\"Năm\"")).unwrap();
    let Err(ImportError::Mapping(said)) = Rows::new(&mapping, &sheet(&[])) else {
        panic!("accepted");
    };
    assert!(said.contains("`Năm` (child_birth_year)"), "{said}");
}

#[test]
fn a_row_in_a_divided_commune_passes_every_check_and_says_it_waits() {
    let mapping = Mapping::parse(MAPPING).unwrap();
    let sheet = sheet(&[[
        "18",
        "05/03/2021",
        "Phú Thuận",
        "Xâm hại tình dục",
        "",
        "",
        "",
        "",
        "",
    ]]);
    let rows = Rows::new(&mapping, &sheet).unwrap();
    let checked = rows.check(0, &communes, now()).unwrap();
    let divided = checked.divided.expect("divided");
    assert_eq!(divided.among, vec![19900, 19918]);
    assert_eq!(checked.past.status, CaseStatus::New);
}
