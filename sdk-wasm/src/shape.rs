//! The shapes of what typed methods take and return, as data, and the two
//! checks that hold values to them: [`check`] for responses, [`input`] for
//! arguments.
//!
//! The build script emits one [`Field`] table per fragment, input object and
//! variables object, next to its TypeScript type, so the declaration and the
//! check come from the same GraphQL type. Checking against tables instead of
//! decoding into a Rust type per operation keeps the module small: one
//! checker for every method, not one serde decoder and encoder each.

use serde_json::{Map, Value};

/// A GraphQL type. `nullable` in an output: may be null; in an input: may
/// be absent or null.
#[derive(Debug)]
pub struct Ty {
    pub nullable: bool,
    pub kind: Kind,
}

#[derive(Debug)]
pub enum Kind {
    /// `String`, `ID` and `DateTime`.
    String,
    /// A 32-bit integer.
    Int,
    #[allow(
        dead_code,
        reason = "the generator maps `Float`; no selected field has it yet"
    )]
    Float,
    Boolean,
    /// Any JSON value.
    Json,
    /// One of these names.
    Enum(&'static [&'static str]),
    /// The fields one fragment selects, or an input object's fields.
    Object(&'static [Field]),
    List(&'static Ty),
}

/// One selected field: its response key and type.
#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub ty: Ty,
}

/// `Ok` when `value` has the shape `ty`; else where and how it differs,
/// e.g. "at `viewerRole.key`: expected a string, got null".
pub fn check(value: &Value, ty: &Ty) -> Result<(), String> {
    let mut path = Vec::new();
    check_at(value, ty, &mut path).map_err(|problem| located(&path, problem))
}

fn check_at(value: &Value, ty: &Ty, path: &mut Vec<Segment>) -> Result<(), String> {
    if value.is_null() {
        return if ty.nullable {
            Ok(())
        } else {
            Err("expected a value, got null".to_owned())
        };
    }
    match (&ty.kind, value) {
        (Kind::Object(fields), Value::Object(object)) => {
            for field in *fields {
                path.push(Segment::Key(field.key));
                check_at(
                    object.get(field.key).unwrap_or(&Value::Null),
                    &field.ty,
                    path,
                )?;
                path.pop();
            }
            Ok(())
        }
        (Kind::List(item), Value::Array(items)) => {
            for (index, element) in items.iter().enumerate() {
                path.push(Segment::Index(index));
                check_at(element, item, path)?;
                path.pop();
            }
            Ok(())
        }
        (kind, value) if leaf_fits(kind, value) => Ok(()),
        (kind, value) => Err(mismatch(kind, value)),
    }
}

/// A refused argument: the input field at fault (the innermost one named on
/// the way) and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct InputProblem {
    pub field: Option<&'static str>,
    pub message: String,
}

/// The JSON to send for an argument of type `ty`: checked field by field,
/// with fields the type does not have dropped and absent or null optional
/// fields omitted (the server reads both as absent).
pub fn input(value: Value, ty: &Ty) -> Result<Value, InputProblem> {
    let mut path = Vec::new();
    input_at(value, ty, &mut path).map_err(|problem| InputProblem {
        field: path.iter().rev().find_map(|segment| match segment {
            Segment::Key(key) => Some(*key),
            Segment::Index(_) => None,
        }),
        message: located(&path, problem),
    })
}

fn input_at(value: Value, ty: &Ty, path: &mut Vec<Segment>) -> Result<Value, String> {
    if value.is_null() {
        return if ty.nullable {
            Ok(Value::Null)
        } else {
            Err("a value is required".to_owned())
        };
    }
    match (&ty.kind, value) {
        (Kind::Object(fields), Value::Object(mut given)) => {
            let mut sent = Map::new();
            for field in *fields {
                path.push(Segment::Key(field.key));
                let value = input_at(
                    given.remove(field.key).unwrap_or(Value::Null),
                    &field.ty,
                    path,
                )?;
                path.pop();
                if !value.is_null() {
                    sent.insert(field.key.to_owned(), value);
                }
            }
            Ok(Value::Object(sent))
        }
        (Kind::List(item), Value::Array(items)) => {
            let mut sent = Vec::with_capacity(items.len());
            for (index, element) in items.into_iter().enumerate() {
                path.push(Segment::Index(index));
                sent.push(input_at(element, item, path)?);
                path.pop();
            }
            Ok(Value::Array(sent))
        }
        (kind, value) if leaf_fits(kind, &value) => Ok(value),
        (kind, value) => Err(mismatch(kind, &value)),
    }
}

/// Whether a non-null `value` is one of a scalar or enum `kind`; objects and
/// lists are walked by the callers instead, so they never fit here.
fn leaf_fits(kind: &Kind, value: &Value) -> bool {
    match kind {
        Kind::String => value.is_string(),
        Kind::Int => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        Kind::Float => value.is_number(),
        Kind::Boolean => value.is_boolean(),
        Kind::Json => true,
        Kind::Enum(names) => value.as_str().is_some_and(|name| names.contains(&name)),
        Kind::Object(_) | Kind::List(_) => false,
    }
}

/// One step into a value: an object's key or a list's index.
enum Segment {
    Key(&'static str),
    Index(usize),
}

/// `problem`, prefixed with where it is when that is not the top.
fn located(path: &[Segment], problem: String) -> String {
    if path.is_empty() {
        return problem;
    }
    let at: Vec<String> = path
        .iter()
        .map(|segment| match segment {
            Segment::Key(key) => (*key).to_owned(),
            Segment::Index(index) => index.to_string(),
        })
        .collect();
    format!("at `{}`: {problem}", at.join("."))
}

fn mismatch(kind: &Kind, value: &Value) -> String {
    format!("expected {}, got {}", expected(kind), describe(value))
}

fn expected(kind: &Kind) -> String {
    match kind {
        Kind::String => "a string".to_owned(),
        Kind::Int => "a 32-bit integer".to_owned(),
        Kind::Float => "a number".to_owned(),
        Kind::Boolean => "a boolean".to_owned(),
        Kind::Json => "JSON".to_owned(),
        Kind::Enum(names) => format!("one of {}", names.join(", ")),
        Kind::Object(_) => "an object".to_owned(),
        Kind::List(_) => "a list".to_owned(),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
    .chars()
    .take(60)
    .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    static ROLE: [Field; 2] = [
        Field {
            key: "key",
            ty: Ty {
                nullable: false,
                kind: Kind::String,
            },
        },
        Field {
            key: "permissions",
            ty: Ty {
                nullable: false,
                kind: Kind::List(&Ty {
                    nullable: false,
                    kind: Kind::Enum(&["PROJECT_READ", "PROJECT_WRITE"]),
                }),
            },
        },
    ];
    static MEMBER: [Field; 2] = [
        Field {
            key: "seats",
            ty: Ty {
                nullable: false,
                kind: Kind::Int,
            },
        },
        Field {
            key: "role",
            ty: Ty {
                nullable: true,
                kind: Kind::Object(&ROLE),
            },
        },
    ];
    static MEMBER_TY: Ty = Ty {
        nullable: false,
        kind: Kind::Object(&MEMBER),
    };

    #[test]
    fn a_value_of_the_promised_shape_passes_and_nullable_fields_may_be_null() {
        let full = json!({ "seats": 3, "role": { "key": "dev", "permissions": ["PROJECT_READ"] } });
        assert_eq!(check(&full, &MEMBER_TY), Ok(()));
        assert_eq!(
            check(&json!({ "seats": 3, "role": null }), &MEMBER_TY),
            Ok(())
        );
    }

    #[test]
    fn a_missing_or_null_required_field_is_named_by_its_path() {
        let value = json!({ "seats": 3, "role": { "permissions": [] } });
        assert_eq!(
            check(&value, &MEMBER_TY),
            Err("at `role.key`: expected a value, got null".to_owned())
        );
    }

    #[test]
    fn wrong_scalars_enum_names_and_list_items_are_refused() {
        let float = json!({ "seats": 2.5, "role": null });
        assert_eq!(
            check(&float, &MEMBER_TY),
            Err("at `seats`: expected a 32-bit integer, got 2.5".to_owned())
        );
        let too_big = json!({ "seats": 4_294_967_296_i64, "role": null });
        assert!(check(&too_big, &MEMBER_TY).is_err());
        let unknown =
            json!({ "seats": 1, "role": { "key": "x", "permissions": ["PROJECT_READ", "FLY"] } });
        assert_eq!(
            check(&unknown, &MEMBER_TY),
            Err(
                "at `role.permissions.1`: expected one of PROJECT_READ, PROJECT_WRITE, got \"FLY\""
                    .to_owned()
            )
        );
        assert_eq!(
            check(&json!([]), &MEMBER_TY),
            Err("expected an object, got []".to_owned())
        );
    }

    static INPUT: [Field; 2] = [
        Field {
            key: "slug",
            ty: Ty {
                nullable: false,
                kind: Kind::String,
            },
        },
        Field {
            key: "roles",
            ty: Ty {
                nullable: true,
                kind: Kind::List(&Ty {
                    nullable: false,
                    kind: Kind::Object(&ROLE),
                }),
            },
        },
    ];
    static INPUT_TY: Ty = Ty {
        nullable: false,
        kind: Kind::Object(&INPUT),
    };

    #[test]
    fn an_input_keeps_its_fields_and_drops_unknown_and_empty_optional_ones() {
        let given = json!({ "slug": "acme", "roles": null, "colour": "red" });
        assert_eq!(input(given, &INPUT_TY), Ok(json!({ "slug": "acme" })));
        let given =
            json!({ "slug": "acme", "roles": [{ "key": "dev", "permissions": [], "x": 1 }] });
        assert_eq!(
            input(given, &INPUT_TY),
            Ok(json!({ "slug": "acme", "roles": [{ "key": "dev", "permissions": [] }] }))
        );
    }

    #[test]
    fn a_refused_input_names_the_innermost_field_at_fault() {
        assert_eq!(
            input(json!({ "roles": [] }), &INPUT_TY),
            Err(InputProblem {
                field: Some("slug"),
                message: "at `slug`: a value is required".to_owned()
            })
        );
        let given = json!({ "slug": "acme", "roles": [{ "key": "dev", "permissions": ["FLY"] }] });
        assert_eq!(
            input(given, &INPUT_TY),
            Err(InputProblem {
                field: Some("permissions"),
                message:
                    "at `roles.0.permissions.0`: expected one of PROJECT_READ, PROJECT_WRITE, got \"FLY\""
                        .to_owned()
            })
        );
        assert_eq!(
            input(json!("acme"), &INPUT_TY),
            Err(InputProblem {
                field: None,
                message: "expected an object, got \"acme\"".to_owned()
            })
        );
    }

    #[test]
    fn null_at_the_top_passes_only_where_the_method_may_resolve_null() {
        assert!(check(&Value::Null, &MEMBER_TY).is_err());
        let optional = Ty {
            nullable: true,
            kind: Kind::Object(&MEMBER),
        };
        assert_eq!(check(&Value::Null, &optional), Ok(()));
    }
}
