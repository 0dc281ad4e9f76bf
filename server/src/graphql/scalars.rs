//! Custom scalars of the contract.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDateTime, SubsecRound};

/// RFC 3339 timestamp, output in UTC with microseconds:
/// `2026-12-03T15:04:05.123456Z`. Identical on both backends because stored
/// values are truncated to microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime(pub NaiveDateTime);

const OUTPUT_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

impl DateTime {
    pub fn to_rfc3339(self) -> String {
        self.0.format(OUTPUT_FORMAT).to_string()
    }
}

#[Scalar(name = "DateTime")]
/// RFC 3339 timestamp, output in UTC with microseconds: 2026-12-03T15:04:05.123456Z.
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        let Value::String(text) = &value else {
            return Err(InputValueError::expected_type(value));
        };
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| DateTime(t.naive_utc().trunc_subsecs(6)))
            .map_err(|_| {
                InputValueError::custom(
                    "expected an RFC 3339 timestamp such as 2026-12-03T15:04:05Z",
                )
            })
    }

    fn to_value(&self) -> Value {
        Value::String(self.to_rfc3339())
    }
}

/// Arbitrary JSON value.
#[derive(Debug, Clone, PartialEq)]
pub struct Json(pub serde_json::Value);

#[Scalar(name = "JSON")]
/// Arbitrary JSON value.
impl ScalarType for Json {
    fn parse(value: Value) -> InputValueResult<Self> {
        value
            .into_json()
            .map(Json)
            .map_err(|_| InputValueError::custom("expected a JSON value"))
    }

    fn to_value(&self) -> Value {
        Value::from_json(self.0.clone()).unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_utc_with_six_fraction_digits() {
        let t = DateTime::parse(Value::String("2026-12-03T18:04:05.1234567+03:00".into())).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-03T15:04:05.123456Z");
        let whole = DateTime::parse(Value::String("2026-12-03T15:04:05Z".into())).unwrap();
        assert_eq!(whole.to_rfc3339(), "2026-12-03T15:04:05.000000Z");
    }

    #[test]
    fn rejects_non_rfc3339_input() {
        assert!(DateTime::parse(Value::String("2026-12-03 15:04".into())).is_err());
        assert!(DateTime::parse(Value::Number(5.into())).is_err());
    }
}
