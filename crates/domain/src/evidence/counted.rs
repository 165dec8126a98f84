//! What the figures count of a report's online details.

use super::{platform_named, platform_of_host};
use crate::codes::Platform;

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
mod tests {
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
