//! Where a webhook may go. A subscriber names the address, so the service must not become a
//! way into its own network: loopback, private, link-local and other special addresses are
//! refused (unless the configuration allows them, as tests do), both when the address is
//! subscribed and on each delivery, where the names are resolved and only the addresses that
//! pass are connected to (so a name that later points inside is refused too).

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

use url::{Host, Url};

/// The longest address a subscription may name.
pub const MAX_URL_CHARS: usize = 2000;

/// What the configuration allows beyond public HTTPS addresses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Loopback, private and other non-public addresses (a test's receiver, a province's
    /// own network).
    pub allow_private: bool,
    /// `http://` as well as `https://`.
    pub allow_plain_http: bool,
}

impl AddressPolicy {
    /// Whether a delivery may connect to `ip`.
    pub fn admits(self, ip: IpAddr) -> bool {
        self.allow_private || is_public(ip)
    }

    /// The subscribed address, parsed, or why it is refused (in Vietnamese, for the problem
    /// naming `url`).
    pub fn check(self, text: &str) -> Result<Url, &'static str> {
        if text.chars().count() > MAX_URL_CHARS {
            return Err("địa chỉ dài quá 2.000 ký tự");
        }
        let url = Url::parse(text.trim()).map_err(|_| "không phải địa chỉ URL")?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_plain_http => {}
            _ => return Err("cần địa chỉ https://"),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("địa chỉ không được chứa tên đăng nhập, mật khẩu");
        }
        if url.fragment().is_some() {
            return Err("địa chỉ không được có phần #");
        }
        let literal = match url.host() {
            None => return Err("địa chỉ thiếu tên máy"),
            Some(Host::Domain(_)) => None,
            Some(Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
        };
        match literal {
            Some(ip) if !self.admits(ip) => Err("không gửi tới địa chỉ nội bộ, loopback hay riêng"),
            _ => Ok(url),
        }
    }
}

/// Whether `ip` is an address of the public internet: none of loopback, private (RFC 1918,
/// unique local), link-local, shared (CGNAT), unspecified, broadcast, multicast,
/// documentation, benchmarking or reserved; an IPv4 address inside IPv6 (mapped, or NAT64)
/// is judged as itself.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let special = ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240;
    !special
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        let [_, _, _, _, _, _, hi, lo] = s;
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        return is_public_v4(Ipv4Addr::new(a, b, c, d));
    }
    let special = ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00
        || (s[0] & 0xffc0) == 0xfe80
        || (s[0] == 0x2001 && s[1] == 0x0db8)
        || s[0] == 0x0100;
    !special
}

/// Resolves a delivery's host and keeps only the addresses the policy admits: the
/// connection is made to what was checked, never to a second lookup.
pub struct GuardedResolver(pub AddressPolicy);

impl ureq::Resolver for GuardedResolver {
    fn resolve(&self, netloc: &str) -> io::Result<Vec<SocketAddr>> {
        let admitted: Vec<SocketAddr> = netloc
            .to_socket_addrs()?
            .filter(|a| self.0.admits(a.ip()))
            .collect();
        if admitted.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "refused address",
            ));
        }
        Ok(admitted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_public_addresses_pass() {
        for inside in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "64:ff9b::a00:1",
            "2001:db8::1",
        ] {
            assert!(!is_public(ip(inside)), "{inside} passed");
        }
        for outside in [
            "8.8.8.8",
            "203.113.131.1",
            "2001:4860:4860::8888",
            "64:ff9b::808:808",
        ] {
            assert!(is_public(ip(outside)), "{outside} refused");
        }
    }

    #[test]
    fn a_subscription_names_a_public_https_address() {
        let strict = AddressPolicy::default();
        assert!(strict.check("https://hooks.example.vn/111?k=1").is_ok());
        assert!(strict.check("http://hooks.example.vn/").is_err());
        assert!(strict.check("https://127.0.0.1/hook").is_err());
        assert!(strict.check("https://[::1]/hook").is_err());
        assert!(strict.check("https://10.0.0.5/hook").is_err());
        assert!(strict.check("https://user:pw@hooks.example.vn/").is_err());
        assert!(strict.check("ftp://hooks.example.vn/").is_err());
        assert!(strict.check("không phải url").is_err());
        assert!(strict
            .check(&format!("https://a.vn/{}", "x".repeat(2000)))
            .is_err());
        let open = AddressPolicy {
            allow_private: true,
            allow_plain_http: true,
        };
        assert!(open.check("http://127.0.0.1:9000/hook").is_ok());
    }

    #[test]
    fn the_resolver_keeps_only_what_the_policy_admits() {
        use ureq::Resolver;
        let strict = GuardedResolver(AddressPolicy::default());
        let refused = strict.resolve("127.0.0.1:80").unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::PermissionDenied);
        assert!(strict.resolve("localhost:80").is_err());
        let open = GuardedResolver(AddressPolicy {
            allow_private: true,
            allow_plain_http: true,
        });
        assert_eq!(open.resolve("127.0.0.1:80").unwrap().len(), 1);
    }
}
