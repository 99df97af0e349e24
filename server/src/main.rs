//! `tongxin`: the whole server in one binary. See `tongxin --help`.

use clap::Parser;

// Rendering a page allocates many small strings on every worker thread; with glibc's malloc a
// fifth of the activity list's CPU time went to its locks and bookkeeping (see
// docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = server::cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(server::cli::run(cli))
}
