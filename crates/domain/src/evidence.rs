//! Online evidence: URLs normalised so that the same page reported twice compares equal, and
//! the platform recognised from the host. Pure: no fetching, nothing leaves the process.

use url::Url;

use crate::codes::{ContentType, Platform};

/// Registrable domains of each platform; a host matches a domain or any subdomain of it.
const DOMAINS: &[(&str, Platform)] = &[
    ("messenger.com", Platform::Messenger),
    ("m.me", Platform::Messenger),
    ("facebook.com", Platform::Facebook),
    ("fb.com", Platform::Facebook),
    ("fb.watch", Platform::Facebook),
    ("tiktok.com", Platform::TikTok),
    ("zalo.me", Platform::Zalo),
    ("zalo.vn", Platform::Zalo),
    ("zaloapp.com", Platform::Zalo),
    ("youtube.com", Platform::YouTube),
    ("youtu.be", Platform::YouTube),
    ("instagram.com", Platform::Instagram),
    ("instagr.am", Platform::Instagram),
    ("t.me", Platform::Telegram),
    ("telegram.me", Platform::Telegram),
    ("telegram.org", Platform::Telegram),
    ("x.com", Platform::X),
    ("twitter.com", Platform::X),
    ("t.co", Platform::X),
    ("discord.com", Platform::Discord),
    ("discord.gg", Platform::Discord),
    ("discordapp.com", Platform::Discord),
    ("whatsapp.com", Platform::WhatsApp),
    ("wa.me", Platform::WhatsApp),
    ("threads.net", Platform::Threads),
    ("threads.com", Platform::Threads),
    ("snapchat.com", Platform::Snapchat),
    ("reddit.com", Platform::Reddit),
    ("redd.it", Platform::Reddit),
    ("roblox.com", Platform::Roblox),
    ("viber.com", Platform::Viber),
];

/// The platform a host belongs to (`Other` for any other host).
pub fn platform_of_host(host: &str) -> Platform {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    DOMAINS
        .iter()
        .find(|(domain, _)| {
            host == *domain
                || host
                    .strip_suffix(domain)
                    .is_some_and(|rest| rest.ends_with('.'))
        })
        .map_or(Platform::Other, |(_, p)| *p)
}

/// Query parameters that only track who shared or clicked, never what is shown.
fn is_tracking(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_")
        || name.starts_with("__cft__")
        || matches!(
            name.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "msclkid"
                | "igshid"
                | "igsh"
                | "mibextid"
                | "si"
                | "feature"
                | "ref"
                | "ref_src"
                | "ref_url"
                | "_rdc"
                | "_rdr"
                | "__tn__"
                | "_t"
                | "_r"
                | "is_from_webapp"
                | "sender_device"
                | "share_app_id"
                | "share_link_id"
                | "zarsrc"
                | "s"
                | "t"
        )
}

/// Why a URL was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    NotAUrl,
    /// Only web addresses are evidence (no `javascript:`, `file:` …).
    Scheme(String),
}

/// The canonical form of a reported URL: scheme and host lower-cased, the host in punycode,
/// default ports, fragments, tracking parameters, `www.`/mobile prefixes of known platforms
/// and a trailing slash dropped, remaining parameters sorted; `youtu.be/ID` becomes
/// `youtube.com/watch?v=ID`. A URL typed without a scheme is taken as `https://`.
pub fn normalise_url(raw: &str) -> Result<String, UrlError> {
    let raw = raw.trim();
    let parsed = match Url::parse(raw) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            Url::parse(&format!("https://{raw}")).map_err(|_| UrlError::NotAUrl)?
        }
        Err(_) => return Err(UrlError::NotAUrl),
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(UrlError::Scheme(parsed.scheme().to_owned()));
    }
    let mut url = parsed;
    let Some(host) = url.host_str().map(|h| h.trim_end_matches('.').to_owned()) else {
        return Err(UrlError::NotAUrl);
    };
    if host.is_empty() {
        return Err(UrlError::NotAUrl);
    }
    let platform = platform_of_host(&host);
    let mut host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    if platform != Platform::Other {
        for prefix in ["m.", "mobile.", "mbasic.", "web.", "vm."] {
            if let Some(rest) = host.strip_prefix(prefix) {
                if rest.contains('.') && prefix != "vm." {
                    host = rest.to_owned();
                }
            }
        }
        if platform == Platform::X && host == "twitter.com" {
            host = "x.com".into();
        }
    }
    // youtu.be/ID is youtube.com/watch?v=ID.
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut path = url.path().to_owned();
    if host == "youtu.be" {
        let id = path.trim_matches('/').to_owned();
        host = "youtube.com".into();
        path = "/watch".into();
        if !id.is_empty() {
            pairs.push(("v".into(), id));
        }
    }
    url.set_host(Some(&host)).map_err(|_| UrlError::NotAUrl)?;
    url.set_fragment(None);
    if path.len() > 1 && path.ends_with('/') {
        path = path.trim_end_matches('/').to_owned();
    }
    url.set_path(&path);
    pairs.sort();
    if pairs.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(&pairs);
    }
    // Both schemes show the same page (a default port goes with the old scheme).
    let _ = url.set_scheme("https");
    Ok(url.to_string())
}

/// A platform named by a reporter or operator: its code or a common name, any case
/// ("Facebook", "fb", "twitter"); anything else is `Other`.
pub fn platform_named(name: &str) -> Platform {
    let name = crate::text::fold(name).replace([' ', '-', '_', '.'], "");
    let by_alias = match name.as_str() {
        "fb" => Some(Platform::Facebook),
        "twitter" => Some(Platform::X),
        "zalo" | "zaloapp" => Some(Platform::Zalo),
        "ig" => Some(Platform::Instagram),
        "yt" => Some(Platform::YouTube),
        _ => None,
    };
    by_alias.unwrap_or_else(|| name.parse().unwrap_or(Platform::Other))
}

/// A content type as entered, folded to its code; `None` when it is not one.
pub fn content_type(raw: &str) -> Option<&'static str> {
    crate::text::fold(raw)
        .parse::<ContentType>()
        .ok()
        .map(ContentType::code)
}

/// An offender's account as the platform shows it, folded so "@Some.Profile " and
/// "some.profile" compare equal; `None` when nothing is left.
pub fn fold_handle(raw: &str) -> Option<String> {
    let folded = crate::text::fold(raw.trim().trim_start_matches('@'));
    (!folded.is_empty()).then_some(folded)
}

/// Which comparable form a piece of evidence takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EvidenceKind {
    Url,
    FileSha256,
    Handle,
}

impl EvidenceKind {
    pub fn code(self) -> &'static str {
        match self {
            EvidenceKind::Url => "url",
            EvidenceKind::FileSha256 => "file_sha256",
            EvidenceKind::Handle => "handle",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Url, Self::FileSha256, Self::Handle]
            .into_iter()
            .find(|k| k.code() == code)
    }

    /// What a person reads.
    pub fn label_vi(self) -> &'static str {
        match self {
            EvidenceKind::Url => "Đường dẫn",
            EvidenceKind::FileSha256 => "Tệp (SHA-256)",
            EvidenceKind::Handle => "Tài khoản đối tượng",
        }
    }
}

/// One piece of evidence in the form that compares.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EvidenceKey {
    pub kind: EvidenceKind,
    pub value: String,
    pub platform: Option<Platform>,
}

/// The distinct comparable keys of a report's evidence. URLs are normalised (one that does
/// not normalise is left out: validation refused it already); a handle given as a profile
/// URL counts as that URL; a handle's platform is the report's.
pub fn evidence_keys(
    urls: &[String],
    handles: &[String],
    file_sha256: &[String],
    platform: Option<Platform>,
) -> Vec<EvidenceKey> {
    let url_key = |raw: &str| {
        normalise_url(raw).ok().map(|value| {
            let host = Url::parse(&value)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default();
            EvidenceKey {
                kind: EvidenceKind::Url,
                value,
                platform: Some(platform_of_host(&host)),
            }
        })
    };
    let mut keys: Vec<EvidenceKey> = urls.iter().filter_map(|u| url_key(u)).collect();
    for h in handles {
        let looks_like_url = h.contains("://") || h.trim_start().starts_with("www.");
        match (looks_like_url, url_key(h)) {
            (true, Some(key)) => keys.push(key),
            _ => keys.extend(fold_handle(h).map(|value| EvidenceKey {
                kind: EvidenceKind::Handle,
                value,
                platform,
            })),
        }
    }
    keys.extend(file_sha256.iter().map(|h| EvidenceKey {
        kind: EvidenceKind::FileSha256,
        value: h.trim().to_ascii_lowercase(),
        platform: None,
    }));
    keys.sort();
    keys.dedup_by(|a, b| a.kind == b.kind && a.value == b.value);
    keys
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
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
            ("HTTPS://WWW.Facebook.COM:443/Some.Profile/?fbclid=IwAR0x&__tn__=R", "https://facebook.com/Some.Profile"),
            ("http://m.facebook.com/some.profile#comments", "https://facebook.com/some.profile"),
            ("facebook.com/groups/123/posts/456/?mibextid=Nif5oz&ref=share", "https://facebook.com/groups/123/posts/456"),
            ("https://www.tiktok.com/@nguoi.la/video/7301?is_from_webapp=1&sender_device=pc&lang=vi", "https://tiktok.com/@nguoi.la/video/7301?lang=vi"),
            ("https://youtu.be/dQw4w9WgXcQ?si=abc&t=42", "https://youtube.com/watch?v=dQw4w9WgXcQ"),
            ("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "https://youtube.com/watch?v=dQw4w9WgXcQ"),
            ("https://twitter.com/someone/status/1?s=20&t=abc", "https://x.com/someone/status/1"),
            ("https://mobile.twitter.com/someone", "https://x.com/someone"),
            ("https://www.instagram.com/p/Cx1/?igsh=MWQ1&utm_source=ig_web", "https://instagram.com/p/Cx1"),
            ("https://zalo.me/g/abcdef?zarsrc=30&utm_medium=zalo", "https://zalo.me/g/abcdef"),
            ("https://t.me/somechannel/42", "https://t.me/somechannel/42"),
            ("https://example.com:8080/a?b=2&a=1", "https://example.com:8080/a?a=1&b=2"),
            // IDN to punycode (checked against Python's idna codec).
            ("https://ví-dụ.vn/đường-dẫn", "https://xn--v-d-rma6749a.vn/%C4%91%C6%B0%E1%BB%9Dng-d%E1%BA%ABn"),
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
}

/// What the figures count of a report's online details: the platform (named, or else the one
/// its first address lies on) and whether the content was still online. Only this is kept in
/// clear beside the sealed document, and erasure keeps only this, so the figures read the
/// same whether the document is sealed, erased or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnlineCounted {
    pub platform: Option<Platform>,
    pub still_online: Option<bool>,
}

#[derive(serde::Deserialize)]
struct OnlineStored {
    platform: Option<String>,
    #[serde(default)]
    urls: Vec<String>,
    still_online: Option<bool>,
}

impl OnlineCounted {
    /// The counted facts of a stored online document; `None` when it does not parse (it is
    /// still a report online: counted, platform unknown).
    pub fn of(stored: &str) -> Option<OnlineCounted> {
        let o: OnlineStored = serde_json::from_str(stored).ok()?;
        let named = o
            .platform
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(platform_named);
        let platform = named.or_else(|| {
            let url = url::Url::parse(o.urls.first()?.trim()).ok()?;
            Some(platform_of_host(url.host_str()?))
        });
        Some(OnlineCounted {
            platform,
            still_online: o.still_online,
        })
    }

    /// The document kept in clear in place of the online details: what a report's row
    /// holds beside the sealed whole, and all an erased report keeps.
    pub fn counted_document(stored: &str) -> String {
        let counted = OnlineCounted::of(stored).unwrap_or(OnlineCounted {
            platform: None,
            still_online: None,
        });
        serde_json::json!({
            "platform": counted.platform.map(Platform::code),
            "still_online": counted.still_online,
        })
        .to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod counted_tests {
    use super::*;

    #[test]
    fn the_platform_is_named_or_read_from_the_address() {
        let of = |s: &str| OnlineCounted::of(s).unwrap().platform;
        assert_eq!(of(r#"{"platform": "fb"}"#), Some(Platform::Facebook));
        assert_eq!(
            of(r#"{"urls": ["https://vt.tiktok.com/abc"]}"#),
            Some(Platform::TikTok)
        );
        assert_eq!(of(r#"{"urls": []}"#), None);
    }

    #[test]
    fn the_counted_document_counts_as_the_original() {
        let mut originals = vec![
            r#"{"urls":["https://www.tiktok.com/@x/video/1"],"still_online":true}"#.to_owned(),
            r#"{"platform":"  ","urls":["https://zalo.me/123"]}"#.to_owned(),
            r#"{"urls":["not a url"],"still_online":false}"#.to_owned(),
            "not json".to_owned(),
        ];
        for p in Platform::ALL {
            originals.push(format!(r#"{{"platform":"{}","urls":[]}}"#, p.label_vi()));
            originals.push(format!(r#"{{"platform":"{}"}}"#, p.code()));
        }
        for original in originals {
            let erased = OnlineCounted::counted_document(&original);
            assert!(!erased.contains("http"), "{erased}");
            let before = OnlineCounted::of(&original);
            let after = OnlineCounted::of(&erased).unwrap();
            match before {
                Some(before) => assert_eq!(before, after, "{original}"),
                None => assert_eq!(after.platform, None, "{original}"),
            }
        }
    }
}
