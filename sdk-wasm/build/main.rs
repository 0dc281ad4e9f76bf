//! Build script of the SDK: checks the SDK's GraphQL documents
//! (`sdk-wasm/graphql/*.graphql`) against the server's exported
//! `schema.graphql` and generates the typed client from them.
//!
//! A field the schema renames, removes or makes nullable breaks this build
//! (validation, or the generated types no longer matching), never a user's
//! application at run time.

#![expect(
    clippy::print_stdout,
    reason = "cargo reads a build script's directives from stdout"
)]

mod codegen;

use std::path::{Path, PathBuf};
use std::{env, fs, process};

fn main() {
    if let Err(message) = run() {
        eprintln!("orkesta-sdk: {message}");
        process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env_var("CARGO_MANIFEST_DIR")?);
    let schema_path = manifest_dir.join("../schema.graphql");
    let documents_dir = manifest_dir.join("graphql");
    println!("cargo::rerun-if-changed={}", schema_path.display());
    println!("cargo::rerun-if-changed={}", documents_dir.display());

    let schema_source = read(&schema_path)?;
    let mut documents = Vec::new();
    let mut entries = fs::read_dir(&documents_dir)
        .map_err(|e| format!("reading {}: {e}", documents_dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "graphql"))
        .collect::<Vec<_>>();
    entries.sort();
    for path in entries {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .map(|n| format!("sdk-wasm/graphql/{}", n.to_string_lossy()))
            .unwrap_or_default();
        documents.push((name, read(&path)?));
    }

    let generated = codegen::generate(&schema_source, &documents)?;
    let out = PathBuf::from(env_var("OUT_DIR")?).join("operations.rs");
    fs::write(&out, generated).map_err(|e| format!("writing {}: {e}", out.display()))
}

fn env_var(name: &str) -> Result<String, String> {
    env::var(name).map_err(|_| format!("{name} is not set"))
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}
