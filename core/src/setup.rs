//! The file that carries a person's servers and saved messages to another machine. Tokens
//! are never in it: they stay in the keyring, and the import says which servers need one.

use serde::{Deserialize, Serialize};

use crate::api::history::SavedMessage;
use crate::api::Profile;
use crate::error::{Error, HistoryError, Result};

/// What a setup file says it is, so any other JSON is refused in words.
const KIND: &str = "switchboard-setup";
const VERSION: u32 = 1;
/// A setup file larger than this is not one.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
pub struct Setup {
    pub kind: String,
    pub version: u32,
    pub servers: Vec<ServerSetup>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ServerSetup {
    pub profile: Profile,
    #[serde(default)]
    pub messages: Vec<SavedMessage>,
}

impl Setup {
    pub fn new(servers: Vec<ServerSetup>) -> Self {
        Setup { kind: KIND.into(), version: VERSION, servers }
    }

    pub fn write(&self, path: &std::path::Path) -> Result<()> {
        let text = serde_json::to_vec_pretty(self).map_err(|e| Error::BadRequest(e.to_string()))?;
        std::fs::write(path, text).map_err(HistoryError::io(format!("{} cannot be written", path.display())))?;
        Ok(())
    }

    pub fn read(path: &std::path::Path) -> Result<Setup> {
        let what = format!("{} cannot be read", path.display());
        let size = std::fs::metadata(path).map_err(HistoryError::io(what.clone()))?.len();
        if size > MAX_BYTES {
            return Err(not_a_setup(path));
        }
        let text = std::fs::read(path).map_err(HistoryError::io(what))?;
        let setup: Setup = serde_json::from_slice(&text).map_err(|_| not_a_setup(path))?;
        if setup.kind != KIND {
            return Err(not_a_setup(path));
        }
        if setup.version > VERSION {
            return Err(HistoryError::NotASetup(format!(
                "{} was written by a newer Switchboard; update the app to import it",
                path.display()
            ))
            .into());
        }
        Ok(setup)
    }
}

fn not_a_setup(path: &std::path::Path) -> Error {
    HistoryError::NotASetup(format!(
        "{} is not a Switchboard setup file (export one with “Export servers…”)",
        path.display()
    ))
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_and_refuses_other_json() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("setup.json");
        let profile = Profile { id: "p".into(), name: "P".into(), options: Default::default() };
        Setup::new(vec![ServerSetup { profile: profile.clone(), messages: vec![] }]).write(&path).unwrap();
        assert_eq!(Setup::read(&path).unwrap().servers[0].profile, profile);
        std::fs::write(&path, br#"{"kind":"other","version":1,"servers":[]}"#).unwrap();
        assert!(Setup::read(&path).unwrap_err().to_string().contains("is not a Switchboard setup file"));
        std::fs::write(&path, b"\xff\xfe").unwrap();
        assert!(Setup::read(&path).unwrap_err().to_string().contains("is not a Switchboard setup file"));
    }
}
