use std::process::ExitCode;

fn main() -> ExitCode {
    match lc::run(std::env::args_os()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
