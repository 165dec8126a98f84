use awc::http::StatusCode;

use crate::helpers::documents::on_step;
use crate::helpers::TestApp;

/// The EXIF fields a reader finds in `bytes` (none when there is no EXIF at all).
fn exif_fields(bytes: &[u8]) -> Vec<String> {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .map(|e| e.fields().map(|f| f.tag.to_string()).collect())
        .unwrap_or_default()
}

#[actix_web::test]
async fn a_photo_of_a_paper_loses_where_it_was_taken() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let (_, id, worker) = super::case_with_worker(&app, &op).await;
    let mut fields = on_step("verification");
    fields.push(("scanned_paper", "true"));
    for name in ["photo-with-gps.jpg", "photo-with-gps.png"] {
        let photo = std::fs::read(format!("tests/fixtures/documents/{name}")).unwrap();
        let sent = exif_fields(&photo);
        assert!(
            sent.iter().any(|t| t == "GPSLatitude") && sent.iter().any(|t| t == "Make"),
            "the fixture carries a position: {sent:?}"
        );
        let r = app
            .upload(&id, &worker, &fields, Some((name, &photo)))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let doc = r.body["id"].as_str().unwrap();
        let (status, _, kept) = app.download(doc, &worker).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(exif_fields(&kept), Vec::<String>::new(), "{name}");
        assert_eq!(r.body["size"], serde_json::json!(kept.len()));
        let text = String::from_utf8_lossy(&kept).to_lowercase();
        assert!(
            !text.contains("canaryphone") && !text.contains("nha so 5"),
            "{name}"
        );
        // Still the picture: what draws it is kept byte for byte.
        assert!(
            kept.len() < photo.len() && kept.len() > photo.len() / 4,
            "{name}"
        );
        if name.ends_with(".jpg") {
            assert!(kept.starts_with(&[0xFF, 0xD8]) && kept.ends_with(&[0xFF, 0xD9]));
        } else {
            assert!(kept.starts_with(b"\x89PNG") && kept.ends_with(&[0xAE, 0x42, 0x60, 0x82]));
        }
    }
}
