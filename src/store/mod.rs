//! The fourth layer: the HR repo on disk and in git. Finding the repo and its files (`repo`),
//! git's index, trees and history (`git`, `history`), the edit layer that changes a contract's
//! text by its spans (`edit`), what each record command changes (`record`), whether a draft is ready to
//! be agreed (`ready`) and how a change is
//! written, staged and committed (`write`) by one writer at a time (`lock`), `--fix` applied to a file (`fix`), carrying a
//! contract into the next year (`carry`), and the templates of new contracts (`template`).
//! Stands on `check`, `model` and `text`.

pub mod carry;
pub mod edit;
pub mod fix;
pub mod git;
pub mod history;
pub mod lock;
pub mod ready;
pub mod record;
pub mod repo;
pub mod template;
pub mod write;
