//! IP allowlists of IPv4 and IPv6 CIDR blocks (DESIGN §8).
//!
//! Addresses and blocks are canonicalised before matching, so an
//! IPv4-mapped IPv6 address (`::ffff:192.0.2.10`, what a dual-stack socket
//! reports for an IPv4 client) matches its IPv4 block and vice versa.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::validate::{Reason, ValueError};

/// At most this many blocks in one allowlist.
pub const MAX_ALLOWLIST_ENTRIES: usize = 256;

/// One CIDR block with its host bits zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Parses `a.b.c.d/n`, `x:y::/n` or a bare address (a single host).
    /// Host bits must be zero: `10.1.2.3/8` is refused with a hint, because
    /// silently widening or narrowing someone's allowlist is worse than asking.
    pub fn parse(text: &str) -> Result<Cidr, ValueError> {
        let invalid = |why: String| {
            ValueError::new(
                Reason::InvalidCidr,
                format!("`{text}` is not a valid CIDR block: {why}"),
            )
        };
        let trimmed = text.trim();
        let (addr_text, prefix_text) = match trimmed.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (trimmed, None),
        };
        let addr: IpAddr = addr_text
            .parse()
            .map_err(|_| invalid("not an IP address".into()))?;
        let max = match addr {
            IpAddr::V4(_) => 32,
            IpAddr::V6(_) => 128,
        };
        let prefix = match prefix_text {
            None => max,
            Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => p
                .parse::<u8>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| invalid(format!("prefix length must be 0–{max}")))?,
            Some(_) => return Err(invalid(format!("prefix length must be 0–{max}"))),
        };
        let network = mask(addr, prefix);
        if network != addr {
            return Err(invalid(format!(
                "host bits are set; did you mean {}/{prefix}?",
                network
            )));
        }
        Ok(Cidr::canonical(network, prefix))
    }

    /// IPv4-mapped IPv6 blocks (`::ffff:0:0/96` and narrower) become IPv4.
    fn canonical(network: IpAddr, prefix: u8) -> Cidr {
        if let IpAddr::V6(v6) = network
            && let Some(v4) = v6.to_ipv4_mapped()
            && prefix >= 96
        {
            return Cidr {
                network: IpAddr::V4(v4),
                prefix: prefix - 96,
            };
        }
        Cidr { network, prefix }
    }

    pub fn contains(&self, addr: IpAddr) -> bool {
        let addr = addr.to_canonical();
        match (self.network, addr) {
            (IpAddr::V4(_), IpAddr::V4(_)) | (IpAddr::V6(_), IpAddr::V6(_)) => {
                mask(addr, self.prefix) == self.network
            }
            _ => false,
        }
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

fn mask(addr: IpAddr, prefix: u8) -> IpAddr {
    match addr {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let m = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(prefix))
            };
            IpAddr::V4(Ipv4Addr::from(bits & m))
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let m = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(prefix))
            };
            IpAddr::V6(Ipv6Addr::from(bits & m))
        }
    }
}

/// A parsed allowlist. Empty means "no restriction".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpAllowlist {
    blocks: Vec<Cidr>,
}

/// A refused allowlist entry and its position in the input list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowlistError {
    pub index: Option<usize>,
    pub error: ValueError,
}

impl IpAllowlist {
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<IpAllowlist, AllowlistError> {
        if entries.len() > MAX_ALLOWLIST_ENTRIES {
            return Err(AllowlistError {
                index: None,
                error: ValueError::new(
                    Reason::TooManyEntries,
                    format!(
                        "at most {MAX_ALLOWLIST_ENTRIES} blocks are allowed (got {})",
                        entries.len()
                    ),
                ),
            });
        }
        let blocks = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                Cidr::parse(e.as_ref()).map_err(|error| AllowlistError {
                    index: Some(i),
                    error,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(IpAllowlist { blocks })
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Whether `addr` may pass: always for an empty list.
    pub fn allows(&self, addr: IpAddr) -> bool {
        self.blocks.is_empty() || self.blocks.iter().any(|b| b.contains(addr))
    }

    /// The blocks in canonical text form, as they are stored.
    pub fn to_strings(&self) -> Vec<String> {
        self.blocks.iter().map(Cidr::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ipv4_blocks_match_their_range_only() {
        let c = Cidr::parse("198.51.100.0/24").unwrap();
        assert!(c.contains(ip("198.51.100.7")));
        assert!(!c.contains(ip("198.51.101.7")));
        assert!(
            Cidr::parse("0.0.0.0/0")
                .unwrap()
                .contains(ip("203.0.113.9"))
        );
    }

    #[test]
    fn ipv4_mapped_ipv6_client_matches_its_ipv4_block() {
        let c = Cidr::parse("192.0.2.0/24").unwrap();
        assert!(c.contains(ip("::ffff:192.0.2.10")));
        assert!(!c.contains(ip("::ffff:192.0.3.10")));
        // …and a mapped block matches plain IPv4 clients.
        let mapped = Cidr::parse("::ffff:192.0.2.0/120").unwrap();
        assert_eq!(mapped.to_string(), "192.0.2.0/24");
        assert!(mapped.contains(ip("192.0.2.200")));
    }

    #[test]
    fn ipv6_blocks_match_and_never_match_ipv4() {
        let c = Cidr::parse("2001:db8::/32").unwrap();
        assert!(c.contains(ip("2001:db8:1::5")));
        assert!(!c.contains(ip("2001:db9::1")));
        assert!(
            !Cidr::parse("::/0").unwrap().contains(ip("10.0.0.1")),
            "IPv4 clients are matched by IPv4 blocks"
        );
    }

    #[test]
    fn bare_addresses_are_single_hosts() {
        assert_eq!(Cidr::parse("10.0.0.1").unwrap().to_string(), "10.0.0.1/32");
        assert_eq!(Cidr::parse("::1").unwrap().to_string(), "::1/128");
    }

    #[test]
    fn invalid_blocks_are_refused_with_invalid_cidr() {
        for bad in [
            "",
            "10.0.0.0/33",
            "10.0.0.0/",
            "10.0.0.0/-1",
            "10.0.0.0/8/8",
            "10.1.2.3/8",
            "abc",
            "::/129",
            "10.0.0/8",
            "10.0.0.0/ 8",
        ] {
            assert_eq!(
                Cidr::parse(bad).unwrap_err().reason,
                Reason::InvalidCidr,
                "{bad:?}"
            );
        }
        assert!(
            Cidr::parse("10.1.2.3/8")
                .unwrap_err()
                .message
                .contains("10.0.0.0/8")
        );
    }

    #[test]
    fn allowlists_report_the_bad_entry_and_cap_entries() {
        let err = IpAllowlist::parse(&["10.0.0.0/8", "nope"]).unwrap_err();
        assert_eq!(err.index, Some(1));
        let many: Vec<String> = (0..257)
            .map(|i| format!("10.0.{}.{}", i / 256, i % 256))
            .collect();
        assert_eq!(
            IpAllowlist::parse(&many).unwrap_err().error.reason,
            Reason::TooManyEntries
        );
        assert!(IpAllowlist::parse(&many[..256]).is_ok());
        assert!(IpAllowlist::default().allows(ip("203.0.113.1")));
    }

    /// Reference: compare the top `prefix` bits as plain integers.
    fn naive_v4(net: u32, prefix: u8, addr: u32) -> bool {
        prefix == 0 || (net >> (32 - u32::from(prefix))) == (addr >> (32 - u32::from(prefix)))
    }
    fn naive_v6(net: u128, prefix: u8, addr: u128) -> bool {
        prefix == 0 || (net >> (128 - u32::from(prefix))) == (addr >> (128 - u32::from(prefix)))
    }

    proptest! {
        #[test]
        fn ipv4_matching_agrees_with_a_naive_reference(net in any::<u32>(), prefix in 0u8..=32, addr in any::<u32>(), mapped in any::<bool>()) {
            let masked = if prefix == 0 { 0 } else { net & (u32::MAX << (32 - u32::from(prefix))) };
            let cidr = Cidr::parse(&format!("{}/{prefix}", Ipv4Addr::from(masked))).unwrap();
            let client = if mapped { IpAddr::V6(Ipv4Addr::from(addr).to_ipv6_mapped()) } else { IpAddr::V4(Ipv4Addr::from(addr)) };
            prop_assert_eq!(cidr.contains(client), naive_v4(masked, prefix, addr));
            prop_assert!(cidr.contains(IpAddr::V4(Ipv4Addr::from(masked))));
        }

        #[test]
        fn ipv6_matching_agrees_with_a_naive_reference(net in any::<u128>(), prefix in 0u8..=128, addr in any::<u128>()) {
            let masked = if prefix == 0 { 0 } else { net & (u128::MAX << (128 - u32::from(prefix))) };
            let addr_v6 = Ipv6Addr::from(addr);
            // Mapped addresses are IPv4 clients; the IPv4 test covers them.
            prop_assume!(addr_v6.to_ipv4_mapped().is_none() && Ipv6Addr::from(masked).to_ipv4_mapped().is_none());
            let cidr = Cidr::parse(&format!("{}/{prefix}", Ipv6Addr::from(masked))).unwrap();
            prop_assert_eq!(cidr.contains(IpAddr::V6(addr_v6)), naive_v6(masked, prefix, addr));
        }
    }
}
