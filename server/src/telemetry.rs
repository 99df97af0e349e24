//! Structured logs with `tracing`: JSON in production, readable text for people.

use backend::config::LogFormat;
use tracing_subscriber::{fmt, EnvFilter};

/// Installs the global subscriber. `RUST_LOG` picks the levels (default: info for Tongxin,
/// warn for libraries).
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("info,server=info,backend=info,app=info,sqlx=warn,tower_http=info")
    });
    let builder = fmt().with_env_filter(filter).with_target(true);
    // A second init (tests start several servers in one process) is harmless.
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
        LogFormat::Pretty => builder.compact().try_init(),
    };
}
