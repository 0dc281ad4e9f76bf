//! The build-time check of the SDK's GraphQL documents (`build/codegen.rs`):
//! generation succeeds on the committed schema, and a schema change under an
//! operation fails it with the cause named, or changes the generated type.

#![expect(clippy::expect_used, reason = "test set-up")]

#[path = "../build/codegen.rs"]
mod codegen;

use std::fs;
use std::path::Path;

fn schema() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql"))
        .expect("schema.graphql")
}

fn documents() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("sdk-wasm/graphql")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let source = fs::read_to_string(&path).expect("document");
            (path.display().to_string(), source)
        })
        .collect()
}

fn changed_schema(from: &str, to: &str) -> String {
    let schema = schema();
    assert_eq!(
        schema.matches(from).count(),
        1,
        "`{from}` must occur once in schema.graphql"
    );
    schema.replace(from, to)
}

fn generation_error(schema: &str, documents: &[(String, String)]) -> String {
    match codegen::generate(schema, documents) {
        Ok(_) => panic!("generation succeeded"),
        Err(message) => message,
    }
}

#[test]
fn generates_a_typed_method_per_operation_from_the_committed_schema() {
    let code = codegen::generate(&schema(), &documents()).expect("generation");
    for method in [
        "create_workspace",
        "set_project_member",
        "create_role",
        "projects",
        "node",
    ] {
        assert!(
            code.contains(&format!("pub fn {method}(")),
            "no method {method}"
        );
    }
    assert!(code.contains("unchecked_return_type = \"Promise<Workspace | null>\""));
    assert!(code.contains("pub viewer_permissions: Vec<orkesta_core::Permission>"));
}

#[test]
fn a_field_removed_from_the_schema_fails_generation_naming_it() {
    let schema = changed_schema("\ttimezone: String!\n", "");
    let message = generation_error(&schema, &documents());
    assert!(
        message.contains("not valid against schema.graphql"),
        "{message}"
    );
    assert!(message.contains("timezone"), "{message}");
}

#[test]
fn an_argument_whose_type_changes_fails_generation() {
    let schema = changed_schema(
        "workspace(slug: String!): Workspace",
        "workspace(slug: ID!): Workspace",
    );
    let message = generation_error(&schema, &documents());
    assert!(message.contains("slug"), "{message}");
}

#[test]
fn a_field_that_becomes_nullable_becomes_optional_in_the_generated_type() {
    let before = codegen::generate(&schema(), &documents()).expect("generation");
    assert!(before.contains("pub seats_used: i32,"));
    let schema = changed_schema("\tseatsUsed: Int!\n", "\tseatsUsed: Int\n");
    let after = codegen::generate(&schema, &documents()).expect("generation");
    assert!(after.contains("pub seats_used: Option<i32>,"));
}

#[test]
fn the_response_check_follows_the_schema_nullability() {
    let field = |nullable: bool| {
        format!(
            "crate::shape::Field {{ key: \"seatsUsed\", ty: crate::shape::Ty {{ nullable: {nullable}, kind: crate::shape::Kind::Int }} }}"
        )
    };
    let before = codegen::generate(&schema(), &documents()).expect("generation");
    assert!(
        before.contains(&field(false)),
        "no check of seatsUsed as Int!"
    );
    let schema = changed_schema("\tseatsUsed: Int!\n", "\tseatsUsed: Int\n");
    let after = codegen::generate(&schema, &documents()).expect("generation");
    assert!(
        after.contains(&field(true)),
        "seatsUsed is not nullable in the check"
    );
}

#[test]
fn a_lookup_that_can_miss_resolves_null_and_its_check_admits_null() {
    let code = codegen::generate(&schema(), &documents()).expect("generation");
    assert!(code.contains(
        "static WORKSPACE_RESULT: crate::shape::Ty = crate::shape::Ty { nullable: true, kind: crate::shape::Kind::Object(&WORKSPACE_FIELDS) };"
    ));
    assert!(code.contains(
        "static CREATE_WORKSPACE_RESULT: crate::shape::Ty = crate::shape::Ty { nullable: false, kind: crate::shape::Kind::Object(&WORKSPACE_FIELDS) };"
    ));
}

#[test]
fn an_object_in_a_fragment_selected_without_a_fragment_spread_is_refused() {
    let mut documents = documents();
    documents.push((
        "bad.graphql".into(),
        "fragment BadViewer on Me { user { id } } query Bad { me { ...BadViewer } }".into(),
    ));
    let message = generation_error(&schema(), &documents);
    assert!(
        message.contains("fragment `BadViewer`, field `user`"),
        "{message}"
    );
    assert!(message.contains("exactly one fragment spread"), "{message}");
}

#[test]
fn an_anonymous_operation_is_refused() {
    let mut documents = documents();
    documents.push(("anonymous.graphql".into(), "{ me { ...Viewer } }".into()));
    let message = generation_error(&schema(), &documents);
    assert!(message.to_lowercase().contains("anonymous"), "{message}");
}
