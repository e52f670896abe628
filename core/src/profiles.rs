//! Saved servers, as JSON in the OS config directory. No secrets are ever written here:
//! tokens are in the keyring under the profile id.

use std::path::PathBuf;

use crate::api::Profile;
use crate::error::{Error, Result};

/// The profiles file; `SWITCHBOARD_CONFIG_DIR` moves it (tests, portable installs).
pub fn path() -> Result<PathBuf> {
    let dir = match std::env::var_os("SWITCHBOARD_CONFIG_DIR") {
        Some(d) => PathBuf::from(d),
        None => dirs::config_dir()
            .ok_or_else(|| Error::Profiles("the OS has no config directory".into()))?
            .join("switchboard"),
    };
    Ok(dir.join("profiles.json"))
}

pub async fn load() -> Result<Vec<Profile>> {
    let path = path()?;
    match tokio::fs::read(&path).await {
        Ok(bytes) => {
            serde_json::from_slice(&bytes).map_err(|e| Error::Profiles(format!("{} is damaged: {e}", path.display())))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::Profiles(format!("{}: {e}", path.display()))),
    }
}

/// Write atomically (temp file, then rename) so a crash never leaves half a file.
pub async fn store(profiles: &[Profile]) -> Result<()> {
    let path = path()?;
    let io = |e: std::io::Error| Error::Profiles(format!("{}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(io)?;
    }
    let text = serde_json::to_vec_pretty(profiles).map_err(|e| Error::Profiles(e.to_string()))?;
    let tmp = path.with_extension("json.tmp");
    tokio::fs::write(&tmp, text).await.map_err(io)?;
    tokio::fs::rename(&tmp, &path).await.map_err(io)?;
    Ok(())
}

/// Add or replace `profile` by id.
pub fn upsert(profiles: &mut Vec<Profile>, profile: Profile) {
    match profiles.iter_mut().find(|p| p.id == profile.id) {
        Some(slot) => *slot = profile,
        None => profiles.push(profile),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ConnectionOptions;

    fn profile(id: &str, name: &str) -> Profile {
        Profile { id: id.into(), name: name.into(), options: ConnectionOptions::default() }
    }

    #[test]
    fn upsert_replaces_by_id_and_keeps_order() {
        let mut list = vec![profile("a", "A"), profile("b", "B")];
        upsert(&mut list, profile("a", "A2"));
        upsert(&mut list, profile("c", "C"));
        let names: Vec<_> = list.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["A2", "B", "C"]);
    }
}
