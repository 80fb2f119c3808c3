//! The hub's Prometheus metrics: requests by route and status, request latency, events
//! pushed and commands pulled. Each [`AppState`](crate::AppState) holds its own registry
//! rather than a process-global one, so tests that build several apps count separately.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, Opts, Registry, TextEncoder,
};

/// The label of requests that matched no route: unbounded paths must not become labels.
pub const UNMATCHED_ROUTE: &str = "unmatched";

#[derive(Debug, Clone)]
pub struct HubMetrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    events_pushed: IntCounter,
    commands_pulled: IntCounter,
}

impl HubMetrics {
    /// A registry with every hub metric at zero.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "hub_http_requests_total",
                "HTTP requests by route and status",
            ),
            &["route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "hub_http_request_duration_seconds",
                "Time from request to response, by route",
            ),
            &["route"],
        )?;
        let events_pushed = IntCounter::new(
            "hub_sync_events_pushed_total",
            "Events received in accepted pushes, resends included",
        )?;
        let commands_pulled = IntCounter::new(
            "hub_sync_commands_pulled_total",
            "Commands answered to pulls",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(events_pushed.clone()))?;
        registry.register(Box::new(commands_pulled.clone()))?;
        Ok(HubMetrics {
            registry,
            requests,
            latency,
            events_pushed,
            commands_pulled,
        })
    }

    /// Counts one answered request on `route` (a route template, never a raw path).
    pub fn record_request(&self, route: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[route, &status.to_string()])
            .inc();
        self.latency.with_label_values(&[route]).observe(seconds);
    }

    pub fn record_events_pushed(&self, count: usize) {
        self.events_pushed
            .inc_by(u64::try_from(count).unwrap_or(u64::MAX));
    }

    pub fn record_commands_pulled(&self, count: usize) {
        self.commands_pulled
            .inc_by(u64::try_from(count).unwrap_or(u64::MAX));
    }

    /// Everything in the Prometheus text format.
    pub fn render(&self) -> Result<String, prometheus::Error> {
        let mut buffer = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buffer)?;
        String::from_utf8(buffer).map_err(|error| prometheus::Error::Msg(error.to_string()))
    }
}
