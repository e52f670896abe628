//! Which paths the person chose. In the app, the window may only send a file the person
//! picked in a dialog or dropped on the window, and only save where the person said in a
//! save dialog: a path typed by a compromised or buggy page is refused in words. The shell
//! records each choice here (it owns the dialogs and sees the drops); the CLI trusts its
//! caller and checks nothing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

#[derive(Debug, Default)]
pub struct ChosenPaths {
    /// `None`: every path passes (the CLI, the tests of core).
    chosen: Option<Mutex<Chosen>>,
}

#[derive(Debug, Default)]
struct Chosen {
    to_send: HashSet<PathBuf>,
    to_save: HashSet<PathBuf>,
}

impl ChosenPaths {
    /// Every path passes.
    pub fn any() -> Self {
        Self { chosen: None }
    }

    /// Only paths recorded with `chose_to_send` / `chose_to_save` pass.
    pub fn only_chosen() -> Self {
        Self { chosen: Some(Mutex::default()) }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Chosen) -> T) -> Option<T> {
        // A panic elsewhere while holding the lock leaves plain sets behind: keep going.
        self.chosen.as_ref().map(|m| f(&mut m.lock().unwrap_or_else(|p| p.into_inner())))
    }

    /// Files picked in an open dialog or dropped on the window.
    pub fn chose_to_send(&self, paths: impl IntoIterator<Item = PathBuf>) {
        self.with(|c| c.to_send.extend(paths));
    }

    /// A path picked in a save dialog.
    pub fn chose_to_save(&self, path: PathBuf) {
        self.with(|c| c.to_save.insert(path));
    }

    /// Whether `path` may be read and sent.
    pub fn check_send(&self, path: &Path) -> Result<()> {
        match self.with(|c| c.to_send.contains(path)) {
            None | Some(true) => Ok(()),
            Some(false) => Err(Error::file(format!(
                "{} was not chosen in this window: attach it with the file dialog or drop it on the window",
                path.display()
            ))),
        }
    }

    /// Whether a file may be saved as `path`; a save dialog's answer is used once.
    pub fn take_save(&self, path: &Path) -> Result<()> {
        match self.with(|c| c.to_save.remove(path)) {
            None | Some(true) => Ok(()),
            Some(false) => Err(Error::file(format!(
                "{} was not chosen in a save dialog of this window: use Save and pick the place there",
                path.display()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_was_chosen_passes_and_a_save_answer_once() {
        let chosen = ChosenPaths::only_chosen();
        let notes = PathBuf::from("/home/ann/notes.txt");
        assert!(chosen.check_send(&notes).is_err());
        chosen.chose_to_send([notes.clone()]);
        assert!(chosen.check_send(&notes).is_ok());
        let refused = chosen.check_send(Path::new("/etc/passwd")).unwrap_err().to_string();
        assert!(refused.contains("/etc/passwd was not chosen"), "{refused}");
        assert!(chosen.check_send(Path::new("/home/ann/../ann/notes.txt")).is_err(), "the same place, other words");

        let target = PathBuf::from("/home/ann/Downloads/a.txt");
        assert!(chosen.take_save(&target).is_err());
        chosen.chose_to_save(target.clone());
        assert!(chosen.check_send(&target).is_err(), "a save target is not a file to send");
        assert!(chosen.take_save(&target).is_ok());
        assert!(chosen.take_save(&target).is_err(), "used once");
    }

    #[test]
    fn the_cli_checks_nothing() {
        let any = ChosenPaths::any();
        assert!(any.check_send(Path::new("/etc/hosts")).is_ok());
        assert!(any.take_save(Path::new("/tmp/x")).is_ok());
    }
}
