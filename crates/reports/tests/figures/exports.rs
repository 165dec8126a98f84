//! Exports: small counts suppressed, every export audited.

use super::*;

#[test]
fn exports_suppress_small_counts_and_are_audited() {
    let mut f = build();
    let caller = f.scene.caller("sup");
    let csv = export_figures(
        &mut f.scene.conn,
        &caller,
        &november(),
        ExportFormat::Csv,
        &settings(),
        counting_clock(),
    )
    .unwrap();
    assert_eq!(csv.file_name, "so-lieu_46_2026-11-01_2026-11-30.csv");
    assert!(
        csv.bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark for Excel"
    );
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    // 4 children, 2 girls: "< 5" in the file; 5 contacts and 10 referrals shown.
    assert!(
        text.contains("children_abused,Trẻ em bị xâm hại (chỉ tiêu 0101),< 5"),
        "{text}"
    );
    assert!(text.contains("female,Nữ,< 5"));
    assert!(text.contains("contacts,\"Tổng số cuộc gọi, tin báo tiếp nhận\",5"));
    assert!(text.contains("referrals,Lượt chuyển tuyến,10"));
    assert!(text.contains("Thành phố Huế"));
    // No count between 1 and 4 is printed anywhere as a count.
    for line in text.lines() {
        let last = line.rsplit(',').next().unwrap_or("");
        assert!(
            !matches!(last, "1" | "2" | "3" | "4"),
            "a small count in: {line}"
        );
    }

    let xlsx = export_figures(
        &mut f.scene.conn,
        &caller,
        &november(),
        ExportFormat::Xlsx,
        &settings(),
        counting_clock(),
    )
    .unwrap();
    let path = f.scene.db.dir.path().join("figures.xlsx");
    std::fs::write(&path, &xlsx.bytes).unwrap();
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let figures = figures_for(&mut f, "sup", &november()).unwrap();
    let mut expected = vec!["Thông tin".to_owned()];
    expected.extend(numbered(&figures).iter().map(|(n, t)| sheet_name(n, t)));
    assert_eq!(book.sheet_names(), expected);
    assert_eq!(expected[1], "1.1 Số liệu chính");
    let summary = book.worksheet_range("1.1 Số liệu chính").unwrap();
    // Title, a blank row, the headers, then the rows in order.
    assert_eq!(
        summary.get_value((2, 1)),
        Some(&Data::String("Nội dung".into()))
    );
    assert_eq!(
        summary.get_value((3, 0)),
        Some(&Data::String("contacts".into()))
    );
    assert_eq!(summary.get_value((3, 2)), Some(&Data::Float(5.0)));
    assert_eq!(summary.get_value((6, 2)), Some(&Data::String("< 5".into())));
    assert_eq!(summary.get_value((9, 2)), Some(&Data::Float(10.0)));
    let info = book.worksheet_range("Thông tin").unwrap();
    assert_eq!(
        info.get_value((1, 1)),
        Some(&Data::String("Thành phố Huế".into()))
    );

    let actions: Vec<String> = {
        use schema::audit_entries::dsl as a;
        a::audit_entries
            .select(a::action)
            .filter(a::action.like("figures.%"))
            .order(a::seq)
            .load(&mut f.scene.conn)
            .unwrap()
    };
    assert_eq!(
        actions,
        vec!["figures.export", "figures.export", "figures.read"]
    );
}
