//! `orkesta`: serve the API (default), apply migrations, or print the schema.

use std::process::ExitCode;

use clap::Parser;
use orkesta_server::app;
use orkesta_server::config::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    orkesta_server::telemetry::init(&cli.config);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("orkesta: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(app::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("orkesta: {e}");
            ExitCode::FAILURE
        }
    }
}
