//! Relay connections: `first` / `after` validation, opaque cursors, and the
//! connection types with `nodes` and `totalCount`.
//!
//! Lists are ordered by a UUID v7 key (time ordered); a cursor is that key,
//! base64url-encoded with a version tag, and means "after this row".

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{OutputType, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{ApiError, ApiResult};

pub const DEFAULT_FIRST: i32 = 20;
pub const MAX_FIRST: i32 = 100;

/// `totalCount` of every connection.
#[derive(Debug, SimpleObject)]
pub struct TotalCount {
    /// All items matching the filters, across pages.
    pub total_count: i32,
}

pub type Page<N> = Connection<String, N, TotalCount, EmptyFields>;

/// Validated paging arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageArgs {
    pub first: i64,
    pub after: Option<uuid::Uuid>,
}

impl PageArgs {
    /// `first` must be 1–100 (default 20); `after` must be one of our cursors.
    pub fn new(first: Option<i32>, after: Option<String>) -> ApiResult<PageArgs> {
        let first = first.unwrap_or(DEFAULT_FIRST);
        if !(1..=MAX_FIRST).contains(&first) {
            return Err(ApiError::bad_input(
                "INVALID_FIRST",
                format!("first must be between 1 and {MAX_FIRST}"),
            )
            .on("first"));
        }
        let after = after
            .map(|cursor| {
                decode_cursor(&cursor).ok_or_else(|| {
                    ApiError::bad_input("INVALID_CURSOR", "after is not a cursor of this list")
                        .on("after")
                })
            })
            .transpose()?;
        Ok(PageArgs {
            first: i64::from(first),
            after,
        })
    }

    /// Rows to fetch: one more than asked, to know whether a next page exists.
    pub fn fetch(&self) -> i64 {
        self.first + 1
    }
}

/// Complexity of a list field: `first × child` (DESIGN §10).
pub fn list_complexity(first: Option<i32>, child: usize) -> usize {
    usize::try_from(first.unwrap_or(DEFAULT_FIRST).clamp(1, MAX_FIRST)).unwrap_or(1) * child
}

const CURSOR_TAG: &str = "c1:";

pub fn encode_cursor(key: uuid::Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_TAG}{}", key.simple()))
}

fn decode_cursor(cursor: &str) -> Option<uuid::Uuid> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    std::str::from_utf8(&bytes)
        .ok()?
        .strip_prefix(CURSOR_TAG)?
        .parse()
        .ok()
}

/// Builds a connection from rows fetched with [`PageArgs::fetch`], each
/// with its ordering key.
pub fn page<N: OutputType>(args: PageArgs, mut rows: Vec<(uuid::Uuid, N)>, total: i64) -> Page<N> {
    let has_next = rows.len() as i64 > args.first;
    rows.truncate(usize::try_from(args.first).unwrap_or(0));
    let total_count = i32::try_from(total).unwrap_or(i32::MAX);
    let mut connection = Connection::with_additional_fields(
        args.after.is_some(),
        has_next,
        TotalCount { total_count },
    );
    connection.edges.extend(
        rows.into_iter()
            .map(|(key, node)| Edge::new(encode_cursor(key), node)),
    );
    connection
}

/// Pages an in-memory list already sorted by key.
pub fn page_in_memory<N: OutputType>(args: PageArgs, rows: Vec<(uuid::Uuid, N)>) -> Page<N> {
    let total = rows.len() as i64;
    let rest: Vec<_> = rows
        .into_iter()
        .filter(|(key, _)| args.after.is_none_or(|after| *key > after))
        .take(usize::try_from(args.fetch()).unwrap_or(0))
        .collect();
    page(args, rest, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_foreign_text_is_refused() {
        let key = uuid::Uuid::now_v7();
        assert_eq!(decode_cursor(&encode_cursor(key)), Some(key));
        assert_eq!(decode_cursor("not-a-cursor"), None);
        assert_eq!(decode_cursor(&URL_SAFE_NO_PAD.encode("c1:nope")), None);
    }

    #[test]
    fn first_is_one_to_a_hundred_and_defaults_to_twenty() {
        assert_eq!(PageArgs::new(None, None).unwrap().first, 20);
        assert!(PageArgs::new(Some(100), None).is_ok());
        for bad in [0, -1, 101] {
            let e = PageArgs::new(Some(bad), None).unwrap_err();
            assert_eq!(e.reason(), Some("INVALID_FIRST"));
        }
        assert_eq!(
            PageArgs::new(None, Some("zz".into())).unwrap_err().reason(),
            Some("INVALID_CURSOR")
        );
    }
}
