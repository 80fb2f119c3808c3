//! The client's address, which the per-address limits (sign-in, activation, token
//! challenges) count. By default it is the peer of the connection: a forwarded-for header
//! is something any client can write. Behind a load balancer every peer is the balancer,
//! so its addresses are listed in `FFLOW_HUB_TRUSTED_PROXIES`; only when the peer is one
//! of them is `X-Forwarded-For` read, from the right (the hop the trusted proxy saw)
//! leftwards past further trusted proxies, and the first address that is not one is the
//! client. Entries left of it were written by the client and are never believed.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use super::error::ApiError;
use crate::AppState;

/// The header proxies append the address they received a request from to.
const FORWARDED_FOR: &str = "x-forwarded-for";

/// The proxies (addresses or networks) whose `X-Forwarded-For` the hub believes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    networks: Vec<IpNet>,
}

impl TrustedProxies {
    /// Believe no forwarded-for header: the peer is the client.
    pub fn none() -> Self {
        TrustedProxies::default()
    }

    /// Parses a comma-separated list of addresses (`10.0.0.7`) and networks
    /// (`10.0.0.0/8`, `fd00::/8`); answers the entry that is neither.
    pub fn parse(list: &str) -> Result<Self, String> {
        let networks = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| entry.to_owned())
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxies { networks })
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.networks
            .iter()
            .any(|network| network.contains(&address))
    }

    /// The client behind `peer`, given the request's `headers`.
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let hops = headers
            .get_all(FORWARDED_FOR)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect::<Vec<_>>();
        let mut client = peer;
        for hop in hops.iter().rev() {
            // An entry that is not an address ends what can be believed: the nearest
            // address known good stands.
            let Ok(address) = hop.trim().parse::<IpAddr>() else {
                break;
            };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        client
    }
}

/// The client's address as the limits count it.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip())
            .ok_or_else(|| {
                ApiError::Internal(
                    "the server was started without connection info (into_make_service_with_connect_info)"
                        .to_owned(),
                )
            })?;
        Ok(ClientAddress(
            state.trusted_proxies.client_of(peer, &parts.headers),
        ))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies_and_only_its_own_hop() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.5").expect("a list");
        let cases = [
            // (peer, X-Forwarded-For, client)
            ("203.0.113.9", Some("198.51.100.1"), "203.0.113.9"),
            ("10.1.2.3", Some("198.51.100.1"), "198.51.100.1"),
            ("10.1.2.3", Some("6.6.6.6, 198.51.100.1"), "198.51.100.1"),
            ("10.1.2.3", Some("198.51.100.1, 10.9.9.9"), "198.51.100.1"),
            ("192.168.1.5", Some("10.0.0.1, 10.0.0.2"), "10.0.0.1"),
            ("10.1.2.3", Some("not-an-address, 10.0.0.2"), "10.0.0.2"),
            ("10.1.2.3", Some("garbage"), "10.1.2.3"),
            ("10.1.2.3", None, "10.1.2.3"),
        ];
        for (peer, forwarded, client) in cases {
            let mut headers = HeaderMap::new();
            if let Some(value) = forwarded {
                headers.insert(FORWARDED_FOR, HeaderValue::from_static(value));
            }
            assert_eq!(
                proxies.client_of(ip(peer), &headers),
                ip(client),
                "{peer} forwarding {forwarded:?}"
            );
        }
    }

    #[test]
    fn a_list_with_an_entry_that_is_no_address_is_refused() {
        assert_eq!(TrustedProxies::parse(""), Ok(TrustedProxies::none()));
        assert!(TrustedProxies::parse("10.0.0.1, fd00::/8").is_ok());
        assert_eq!(
            TrustedProxies::parse("10.0.0.1, load-balancer"),
            Err("load-balancer".to_owned())
        );
        assert_eq!(
            TrustedProxies::parse("10.0.0.0/33"),
            Err("10.0.0.0/33".to_owned())
        );
    }
}
