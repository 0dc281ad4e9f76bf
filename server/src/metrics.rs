//! Process metrics, rendered in the Prometheus text format at `/metrics`.
//!
//! Counters are plain atomics: the set is small and fixed, and a metrics
//! crate would add more to the build than it saves.

use std::fmt::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Who caused a SQL statement: a client's request, or the server itself
/// (start-up, mail delivery, clean-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementSource {
    Request,
    Background,
}

#[derive(Debug, Default)]
struct Counters {
    statements_request: AtomicU64,
    statements_background: AtomicU64,
    http_responses: [AtomicU64; 5],
}

/// Shared counters. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Metrics(Arc<Counters>);

impl Metrics {
    pub fn count_statement(&self, source: StatementSource) {
        let counter = match source {
            StatementSource::Request => &self.0.statements_request,
            StatementSource::Background => &self.0.statements_background,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one HTTP response by status class (1xx … 5xx).
    pub fn count_response(&self, status: u16) {
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        self.0.http_responses[class].fetch_add(1, Ordering::Relaxed);
    }

    pub fn statements(&self, source: StatementSource) -> u64 {
        match source {
            StatementSource::Request => self.0.statements_request.load(Ordering::Relaxed),
            StatementSource::Background => self.0.statements_background.load(Ordering::Relaxed),
        }
    }

    /// The Prometheus text exposition, with pool gauges passed in.
    pub fn render(&self, pool_idle: usize, pool_in_use: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP orkesta_db_statements_total SQL statements run, by what caused them."
        );
        let _ = writeln!(out, "# TYPE orkesta_db_statements_total counter");
        let _ = writeln!(
            out,
            "orkesta_db_statements_total{{source=\"request\"}} {}",
            self.statements(StatementSource::Request)
        );
        let _ = writeln!(
            out,
            "orkesta_db_statements_total{{source=\"background\"}} {}",
            self.statements(StatementSource::Background)
        );
        let _ = writeln!(
            out,
            "# HELP orkesta_http_responses_total HTTP responses sent, by status class."
        );
        let _ = writeln!(out, "# TYPE orkesta_http_responses_total counter");
        for (i, counter) in self.0.http_responses.iter().enumerate() {
            let _ = writeln!(
                out,
                "orkesta_http_responses_total{{class=\"{}xx\"}} {}",
                i + 1,
                counter.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "# HELP orkesta_db_pool_connections Pooled database connections, by state."
        );
        let _ = writeln!(out, "# TYPE orkesta_db_pool_connections gauge");
        let _ = writeln!(
            out,
            "orkesta_db_pool_connections{{state=\"idle\"}} {pool_idle}"
        );
        let _ = writeln!(
            out,
            "orkesta_db_pool_connections{{state=\"in_use\"}} {pool_in_use}"
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_counted_per_source_and_rendered() {
        let m = Metrics::default();
        m.count_statement(StatementSource::Request);
        m.count_statement(StatementSource::Request);
        m.count_statement(StatementSource::Background);
        m.count_response(200);
        m.count_response(503);
        let text = m.render(3, 1);
        assert!(text.contains("orkesta_db_statements_total{source=\"request\"} 2\n"));
        assert!(text.contains("orkesta_db_statements_total{source=\"background\"} 1\n"));
        assert!(text.contains("orkesta_http_responses_total{class=\"5xx\"} 1\n"));
        assert!(text.contains("orkesta_db_pool_connections{state=\"idle\"} 3\n"));
    }
}
