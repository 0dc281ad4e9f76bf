//! `schema.graphql` is generated from the code: `orkesta print-schema`
//! must print exactly the committed file.

use std::path::Path;

use orkesta_tests::server::binary;

#[test]
fn committed_schema_matches_the_code() {
    let output = std::process::Command::new(binary())
        .arg("print-schema")
        .env_clear()
        .output()
        .expect("run orkesta print-schema");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let generated = String::from_utf8(output.stdout).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        generated == committed,
        "schema.graphql is out of date; regenerate it with `cargo run --bin orkesta -- print-schema > schema.graphql`\n--- generated ---\n{generated}"
    );
}
