//! Where the server may connect on a company's behalf: the CRM, the webshop, webhook
//! receivers, the EHF endpoint and the SMTP server are addresses a company's
//! administrator types in, so on a server shared by companies they must not reach
//! this server itself or its private network (a database port, a cloud metadata
//! service). Only public addresses are reached, unless the server's operator allows
//! hosts or networks in `FLYT_ALLOW_PRIVATE_HOSTS` (a comma-separated list of host
//! names, IP addresses and CIDR networks, or `*` for all): an office that runs Flyt
//! beside its own CRM allows that one.
//!
//! The check is made on the addresses a name resolves to, when the connection is made
//! (a name that resolves to a public address when saved and to a private one later
//! gains nothing), on addresses written as such, and on every redirect.
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The operator's exceptions to "public addresses only".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Policy {
    all: bool,
    hosts: Vec<String>,
    nets: Vec<(IpAddr, u8)>,
}

/// The environment variable the operator names allowed private hosts in.
pub const ALLOW_VAR: &str = "FLYT_ALLOW_PRIVATE_HOSTS";

impl Policy {
    /// Reads `FLYT_ALLOW_PRIVATE_HOSTS`' value: `*`, or host names, addresses and networks.
    pub fn parse(s: &str) -> Result<Policy, String> {
        let mut p = Policy::default();
        for entry in s.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if entry == "*" {
                p.all = true;
            } else if let Some((ip, bits)) = entry.split_once('/') {
                let ip: IpAddr = ip.parse().map_err(|_| format!("{ALLOW_VAR}: '{entry}' is not a network (such as 192.168.1.0/24)"))?;
                let max = if ip.is_ipv4() { 32 } else { 128 };
                let bits: u8 = bits.parse().ok().filter(|b| *b <= max).ok_or_else(|| format!("{ALLOW_VAR}: '{entry}' has no prefix length 0–{max}"))?;
                p.nets.push((ip, bits));
            } else if let Ok(ip) = entry.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
                p.nets.push((ip, if ip.is_ipv4() { 32 } else { 128 }));
            } else if entry.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') {
                p.hosts.push(entry.to_ascii_lowercase());
            } else {
                return Err(format!("{ALLOW_VAR}: '{entry}' is neither a host name, an address nor a network"));
            }
        }
        Ok(p)
    }

    /// May a connection to `host` go to `ip`?
    pub fn allows(&self, host: &str, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        is_public(ip)
            || self.all
            || self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host.trim_end_matches('.')))
            || self.nets.iter().any(|(n, b)| within(ip, *n, *b))
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

fn within(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, canonical(net)) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if bits == 0 { 0 } else { u32::MAX << (32 - bits.min(32)) };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if bits == 0 { 0 } else { u128::MAX << (128 - bits.min(128)) };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// An address on the public internet: not this machine, a private or shared
/// network, link-local (cloud metadata lives there), multicast or reserved.
pub fn is_public(ip: IpAddr) -> bool {
    match canonical(ip) {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                // shared address space (carrier-grade NAT), 100.64.0.0/10
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
                // IETF protocol assignments, 192.0.0.0/24; benchmarking, 198.18.0.0/15
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || (o[0] == 198 && (o[1] & 0xfe) == 18)
                // reserved, 240.0.0.0/4
                || o[0] >= 240)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || v6.is_unique_local()
                || v6.is_unicast_link_local()
                // IPv4-compatible (deprecated) and NAT64 forms carry an IPv4 address
                || (v6.segments()[..6].iter().all(|s| *s == 0))
                || (first == 0x64 && v6.segments()[1] == 0xff9b)
                // documentation, 2001:db8::/32
                || (first == 0x2001 && v6.segments()[1] == 0x0db8))
        }
    }
}

/// The policy of this process, read once from the environment (an unreadable value is
/// said by [`init`] at start; here it allows nothing beyond public addresses).
pub fn policy() -> &'static Policy {
    static P: OnceLock<Policy> = OnceLock::new();
    P.get_or_init(|| Policy::parse(&std::env::var(ALLOW_VAR).unwrap_or_default()).unwrap_or_default())
}

/// Checks `FLYT_ALLOW_PRIVATE_HOSTS` when the server starts, so a typing error stops it
/// with a message rather than quietly allowing nothing.
pub fn init() -> Result<(), String> {
    let p = Policy::parse(&std::env::var(ALLOW_VAR).unwrap_or_default())?;
    if p != Policy::default() {
        tracing::info!("connections to private addresses allowed for: {}", std::env::var(ALLOW_VAR).unwrap_or_default());
    }
    policy();
    Ok(())
}

/// What a person is told when an address may not be reached.
pub fn refusal(host: &str, ip: IpAddr) -> String {
    let at = if host == ip.to_string() { String::new() } else { format!(" (at {ip})") };
    format!(
        "{host}{at} is on a private network or this server itself, which Flyt does not connect to on a company's behalf; use the service's public address, or ask the server's operator to allow it ({ALLOW_VAR})"
    )
}

/// A connection the policy refused (carried through reqwest's error chain).
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// The addresses `host` resolves to that may be reached; an error when there are none.
pub async fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, String> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let found: Vec<SocketAddr> = tokio::net::lookup_host((host, port)).await.map_err(|e| format!("{host} could not be found: {e}"))?.collect();
    let allowed: Vec<SocketAddr> = found.iter().copied().filter(|a| policy().allows(host, a.ip())).collect();
    match (allowed.is_empty(), found.first()) {
        (false, _) => Ok(allowed),
        (true, Some(a)) => Err(refusal(host, a.ip())),
        (true, None) => Err(format!("{host} could not be found")),
    }
}

/// Checks a web address before it is saved: its host must resolve to an address that
/// may be reached (a name that cannot be resolved now is left to the connection).
pub async fn check_url(url: &str) -> Result<(), String> {
    let u = reqwest::Url::parse(url).map_err(|e| format!("{url} is not a web address: {e}"))?;
    literal(&u)?;
    match (host_ip(&u), u.host_str()) {
        (None, Some(name)) => check_host(name, u.port_or_known_default().unwrap_or(443)).await,
        _ => Ok(()),
    }
}

/// Checks a host (a name or an address) before it is saved: refused when it resolves
/// only to addresses that may not be reached (a name not answered within 5 s is left to
/// the connection, which checks again).
pub async fn check_host(host: &str, port: u16) -> Result<(), String> {
    match tokio::time::timeout(Duration::from_secs(5), resolve(host, port)).await {
        Ok(Err(e)) if e.contains(ALLOW_VAR) => Err(e),
        _ => Ok(()),
    }
}

/// The host of a URL when it is written as an address.
fn host_ip(u: &reqwest::Url) -> Option<IpAddr> {
    u.host_str()?.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

/// A URL whose host is written as an address: is that address allowed? (Names are
/// checked by the client's resolver when connecting.)
pub fn literal(u: &reqwest::Url) -> Result<(), String> {
    let Some(ip) = host_ip(u) else { return Ok(()) };
    if policy().allows(&ip.to_string(), ip) {
        Ok(())
    } else {
        Err(refusal(&ip.to_string(), ip))
    }
}

/// The environment variable naming the directories (comma-separated) a company's EHF
/// outbox directory may be in: the server writes files there on a company's behalf.
pub const EHF_DIRS_VAR: &str = "FLYT_EHF_DIRS";

/// May a company's EHF files be written to `dir`? Only inside a directory the operator
/// named in `FLYT_EHF_DIRS` (compared by path components; `..` is refused).
pub fn check_dir(dir: &str) -> Result<(), String> {
    dir_within(dir, &std::env::var(EHF_DIRS_VAR).unwrap_or_default())
}

fn dir_within(dir: &str, allowed: &str) -> Result<(), String> {
    use std::path::{Component, Path};
    let path = Path::new(dir);
    let plain = path.is_absolute() && path.components().all(|c| matches!(c, Component::RootDir | Component::Normal(_)));
    let inside = allowed.split(',').map(str::trim).filter(|a| a.starts_with('/')).any(|a| path.starts_with(a));
    if plain && inside {
        Ok(())
    } else {
        Err(format!(
            "{dir} is not inside a directory the server's operator allows for EHF files ({EHF_DIRS_VAR}); use the access point's http(s) address, or ask the operator"
        ))
    }
}

struct Guard;

impl reqwest::dns::Resolve for Guard {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let addrs = resolve(name.as_str(), 0).await.map_err(|e| Box::new(Refused(e)) as Box<dyn std::error::Error + Send + Sync>)?;
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// An HTTP client for calls on a company's behalf: the policy on every connection and
/// redirect (at most five; none when `follow` is false).
pub fn client(connect: Duration, total: Duration, follow: bool) -> reqwest::Client {
    let redirects = if follow {
        reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() >= 5 {
                return attempt.stop();
            }
            match literal(attempt.url()) {
                Ok(()) => attempt.follow(),
                Err(e) => attempt.error(Refused(e)),
            }
        })
    } else {
        reqwest::redirect::Policy::none()
    };
    reqwest::Client::builder().connect_timeout(connect).timeout(total).redirect(redirects).dns_resolver(Arc::new(Guard)).no_proxy().build().unwrap_or_default()
}

/// Why a request made no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The address policy refused the address (a retry will not help).
    Refused(String),
    /// No answer within the client's time.
    Timeout,
    /// Anything else, with its innermost cause (reqwest's own text omits it).
    Other(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Refused(m) | Failure::Other(m) => f.write_str(m),
            Failure::Timeout => f.write_str("no answer in time"),
        }
    }
}

/// Sends a request made with [`client`], first checking an address written as such.
pub async fn send(req: reqwest::RequestBuilder) -> Result<reqwest::Response, Failure> {
    let (client, req) = req.build_split();
    let req = req.map_err(|e| failure(&e))?;
    literal(req.url()).map_err(Failure::Refused)?;
    client.execute(req).await.map_err(|e| failure(&e))
}

fn failure(e: &reqwest::Error) -> Failure {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    let mut last = None;
    while let Some(s) = source {
        if let Some(r) = s.downcast_ref::<Refused>() {
            return Failure::Refused(r.0.clone());
        }
        last = Some(s);
        source = s.source();
    }
    if e.is_timeout() {
        return Failure::Timeout;
    }
    Failure::Other(match last {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "127.0.0.2",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.10",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "100.64.0.1",
            "100.127.255.254",
            "255.255.255.255",
            "224.0.0.1",
            "240.0.0.1",
            "192.0.0.170",
            "198.18.0.1",
            "192.0.2.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2001:db8::1",
        ] {
            assert!(!is_public(ip(private)), "{private} taken for public");
        }
        for public in ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "193.69.0.1", "2a00:1450:4001::200e", "::ffff:8.8.8.8"] {
            assert!(is_public(ip(public)), "{public} taken for private");
        }
    }

    #[test]
    fn the_operator_allows_hosts_addresses_and_networks() {
        let none = Policy::parse("").unwrap();
        assert!(!none.allows("localhost", ip("127.0.0.1")));
        assert!(none.allows("example.com", ip("93.184.216.34")));
        let p = Policy::parse(" crm.kontor.lan, 127.0.0.1 ,192.168.10.0/24, [fd00::5], fd12::/16").unwrap();
        assert!(p.allows("CRM.kontor.lan.", ip("10.9.9.9")), "by name, whatever it resolves to");
        assert!(p.allows("127.0.0.1", ip("127.0.0.1")));
        assert!(p.allows("localhost", ip("127.0.0.1")), "by address, whatever the name");
        assert!(!p.allows("localhost", ip("127.0.0.2")));
        assert!(p.allows("x", ip("192.168.10.77")) && !p.allows("x", ip("192.168.11.1")));
        assert!(p.allows("x", ip("fd00::5")) && !p.allows("x", ip("fd00::6")));
        assert!(p.allows("x", ip("fd12:3::1")) && !p.allows("x", ip("fd13::1")));
        assert!(p.allows("x", ip("::ffff:127.0.0.1")), "a mapped address is its IPv4 address");
        assert!(Policy::parse("*").unwrap().allows("x", ip("10.0.0.1")));
        for bad in ["10.0.0.0/33", "fd00::/129", "10.0.0.0/x", "nett verk", "a/b"] {
            assert!(Policy::parse(bad).unwrap_err().contains(ALLOW_VAR), "{bad}");
        }
    }

    #[test]
    fn ehf_files_are_written_only_where_the_operator_allows() {
        let allowed = "/srv/ehf, /var/spool/flyt-ehf";
        assert!(dir_within("/srv/ehf", allowed).is_ok());
        assert!(dir_within("/srv/ehf/firma-2/ut", allowed).is_ok());
        assert!(dir_within("/var/spool/flyt-ehf/a", allowed).is_ok());
        for refused in ["/srv/ehf-x", "/srv/ehf/../../etc", "/srv/ehf/a/..", "/etc/cron.d", "srv/ehf", "/"] {
            assert!(dir_within(refused, allowed).unwrap_err().contains(EHF_DIRS_VAR), "{refused}");
        }
        assert!(dir_within("/tmp/x", "").is_err(), "nothing allowed when the operator named nothing");
    }

    #[test]
    fn refusals_say_what_to_do() {
        let m = refusal("localhost", ip("127.0.0.1"));
        assert!(m.contains("localhost (at 127.0.0.1)") && m.contains(ALLOW_VAR), "{m}");
        assert!(literal(&reqwest::Url::parse("http://169.254.169.254/latest/meta-data/").unwrap())
            .unwrap_err()
            .contains("169.254.169.254 is on a private network"));
        assert!(literal(&reqwest::Url::parse("http://[::1]:8000/").unwrap()).is_err());
        assert!(literal(&reqwest::Url::parse("https://93.184.216.34/").unwrap()).is_ok());
        assert!(literal(&reqwest::Url::parse("https://crm.example.com/").unwrap()).is_ok(), "names are checked when resolved");
    }
}
