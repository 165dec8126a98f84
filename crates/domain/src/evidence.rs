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

mod counted;
pub use counted::OnlineCounted;

#[cfg(test)]
mod tests;
