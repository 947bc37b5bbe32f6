//! Asking for missing values on a terminal: a label, the default in brackets, and the answer
//! checked as it is typed (asked again until it is right).

use std::io::{BufRead, Write};

use anyhow::{Result, bail};

pub struct Prompter<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> Prompter<R, W> {
    pub fn new(input: R, output: W) -> Self {
        Prompter { input, output }
    }

    /// Asks for `label` until `check` accepts the answer; an empty answer takes `default`
    /// (or, when there is none and `optional`, gives `None`).
    pub fn ask<T>(
        &mut self,
        label: &str,
        default: Option<&str>,
        optional: bool,
        check: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>> {
        loop {
            match default {
                Some(default) => write!(self.output, "{label} [{default}]: ")?,
                None if optional => write!(self.output, "{label} (optional): ")?,
                None => write!(self.output, "{label}: ")?,
            }
            self.output.flush()?;
            let mut line = String::new();
            if self.input.read_line(&mut line)? == 0 {
                writeln!(self.output)?;
                bail!("no answer for {label}");
            }
            let answer = line.trim();
            let answer = if answer.is_empty() {
                default.unwrap_or("")
            } else {
                answer
            };
            if answer.is_empty() {
                if optional {
                    return Ok(None);
                }
                writeln!(self.output, "  {label} is needed")?;
                continue;
            }
            match check(answer) {
                Ok(value) => return Ok(Some(value)),
                Err(reason) => writeln!(self.output, "  {reason}")?,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_again_until_the_answer_is_right_and_takes_defaults() {
        let input = b"\nnot a date\n2026-03-15\n\n" as &[u8];
        let mut output = Vec::new();
        let mut prompter = Prompter::new(input, &mut output);
        let parse = |t: &str| crate::model::scalar::parse_date(t);
        assert_eq!(
            prompter.ask("Start", None, false, parse).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2026, 3, 15)
        );
        assert_eq!(
            prompter
                .ask("Year", Some("2026"), false, |t| Ok::<_, String>(
                    t.to_string()
                ))
                .unwrap(),
            Some("2026".into())
        );
        let err = prompter
            .ask("Team", None, true, |t| Ok::<_, String>(t.to_string()))
            .unwrap_err();
        assert!(err.to_string().contains("no answer"));
        let shown = String::from_utf8(output).unwrap();
        assert!(shown.contains("Start: "));
        assert!(shown.contains("Start is needed"));
        assert!(shown.contains("`not a date` is not a date"));
        assert!(shown.contains("Year [2026]: "));
    }
}
