#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn evidence_kinds_read_back_from_their_codes() {
    for kind in [
        EvidenceKind::Url,
        EvidenceKind::FileSha256,
        EvidenceKind::Handle,
    ] {
        assert_eq!(EvidenceKind::from_code(kind.code()), Some(kind));
    }
    assert_eq!(EvidenceKind::from_code("photo"), None);
    assert_eq!(EvidenceKind::Handle.label_vi(), "Tài khoản đối tượng");
}

#[test]
fn platform_names_are_read_leniently() {
    assert_eq!(platform_named("Facebook"), Platform::Facebook);
    assert_eq!(platform_named("FB"), Platform::Facebook);
    assert_eq!(platform_named("Twitter"), Platform::X);
    assert_eq!(platform_named("Tik Tok"), Platform::TikTok);
    assert_eq!(platform_named("zalo"), Platform::Zalo);
    assert_eq!(platform_named("MySpace"), Platform::Other);
}

#[test]
fn handles_fold_and_profile_urls_become_urls() {
    assert_eq!(fold_handle(" @Some.Profile "), Some("some.profile".into()));
    assert_eq!(
        fold_handle("Nguyễn  Văn Đạt"),
        Some("nguyen van dat".into())
    );
    assert_eq!(fold_handle(" @ "), None);
    let keys = evidence_keys(
        &[
            "https://m.facebook.com/abc/?fbclid=1".into(),
            "https://facebook.com/abc".into(),
        ],
        &[
            "@ABC".into(),
            "https://www.tiktok.com/@kẻ.xấu".into(),
            "abc".into(),
        ],
        &["9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08".into()],
        Some(Platform::Facebook),
    );
    let got: Vec<(&str, &str)> = keys
        .iter()
        .map(|k| (k.kind.code(), k.value.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("url", "https://facebook.com/abc"),
            ("url", "https://tiktok.com/@k%E1%BA%BB.x%E1%BA%A5u"),
            (
                "file_sha256",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
            ),
            ("handle", "abc"),
        ]
    );
    assert_eq!(keys[1].platform, Some(Platform::TikTok));
    assert_eq!(keys[3].platform, Some(Platform::Facebook));
}

#[test]
fn content_types_are_codes() {
    assert_eq!(content_type(" Image "), Some("image"));
    assert_eq!(content_type("ảnh"), None);
}

#[test]
fn tricky_urls_normalise_to_one_form() {
    let table = [
        (
            "HTTPS://WWW.Facebook.COM:443/Some.Profile/?fbclid=IwAR0x&__tn__=R",
            "https://facebook.com/Some.Profile",
        ),
        (
            "http://m.facebook.com/some.profile#comments",
            "https://facebook.com/some.profile",
        ),
        (
            "facebook.com/groups/123/posts/456/?mibextid=Nif5oz&ref=share",
            "https://facebook.com/groups/123/posts/456",
        ),
        (
            "https://www.tiktok.com/@nguoi.la/video/7301?is_from_webapp=1&sender_device=pc&lang=vi",
            "https://tiktok.com/@nguoi.la/video/7301?lang=vi",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ?si=abc&t=42",
            "https://youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
            "https://youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://twitter.com/someone/status/1?s=20&t=abc",
            "https://x.com/someone/status/1",
        ),
        (
            "https://mobile.twitter.com/someone",
            "https://x.com/someone",
        ),
        (
            "https://www.instagram.com/p/Cx1/?igsh=MWQ1&utm_source=ig_web",
            "https://instagram.com/p/Cx1",
        ),
        (
            "https://zalo.me/g/abcdef?zarsrc=30&utm_medium=zalo",
            "https://zalo.me/g/abcdef",
        ),
        ("https://t.me/somechannel/42", "https://t.me/somechannel/42"),
        (
            "https://example.com:8080/a?b=2&a=1",
            "https://example.com:8080/a?a=1&b=2",
        ),
        // IDN to punycode (checked against Python's idna codec).
        (
            "https://ví-dụ.vn/đường-dẫn",
            "https://xn--v-d-rma6749a.vn/%C4%91%C6%B0%E1%BB%9Dng-d%E1%BA%ABn",
        ),
        ("  https://example.com/  ", "https://example.com/"),
    ];
    for (raw, expected) in table {
        assert_eq!(normalise_url(raw).unwrap(), expected, "{raw}");
    }
    // Different spellings of one page are equal.
    assert_eq!(
        normalise_url("http://www.facebook.com/x?utm_campaign=a").unwrap(),
        normalise_url("https://m.facebook.com/x/").unwrap()
    );
}

#[test]
fn what_is_not_a_web_address_is_refused() {
    assert_eq!(
        normalise_url("javascript:alert(1)"),
        Err(UrlError::Scheme("javascript".into()))
    );
    assert_eq!(
        normalise_url("file:///etc/passwd"),
        Err(UrlError::Scheme("file".into()))
    );
    assert_eq!(normalise_url("http://"), Err(UrlError::NotAUrl));
    assert_eq!(normalise_url("not a url at all"), Err(UrlError::NotAUrl));
}

#[test]
fn platforms_are_recognised_from_the_host() {
    let table = [
        ("www.facebook.com", Platform::Facebook),
        ("m.facebook.com", Platform::Facebook),
        ("fb.watch", Platform::Facebook),
        ("www.messenger.com", Platform::Messenger),
        ("m.me", Platform::Messenger),
        ("vm.tiktok.com", Platform::TikTok),
        ("chat.zalo.me", Platform::Zalo),
        ("youtu.be", Platform::YouTube),
        ("instagram.com", Platform::Instagram),
        ("t.me", Platform::Telegram),
        ("twitter.com", Platform::X),
        ("X.COM.", Platform::X),
        ("discord.gg", Platform::Discord),
        ("wa.me", Platform::WhatsApp),
        // A look-alike is not the platform.
        ("notfacebook.com", Platform::Other),
        ("facebook.com.evil.example", Platform::Other),
        ("example.vn", Platform::Other),
    ];
    for (host, platform) in table {
        assert_eq!(platform_of_host(host), platform, "{host}");
    }
}
