//! Saved servers, as JSON in the OS config directory. No secrets are ever written here:
//! tokens are in the keyring under the profile id.

use std::path::PathBuf;

use crate::api::Profile;
use crate::error::{ProfilesError, Result};

/// The profiles file; `SWITCHBOARD_CONFIG_DIR` moves it (tests, portable installs).
pub fn path() -> Result<PathBuf> {
    let dir = match std::env::var_os("SWITCHBOARD_CONFIG_DIR") {
        Some(d) => PathBuf::from(d),
        None => dirs::config_dir().ok_or(ProfilesError::NoConfigDir)?.join("switchboard"),
    };
    Ok(dir.join("profiles.json"))
}

pub async fn load() -> Result<Vec<Profile>> {
    let path = path()?;
    match tokio::fs::read(&path).await {
        Ok(bytes) => Ok(serde_json::from_slice(&bytes).map_err(|e| ProfilesError::Damaged {
            path: path.display().to_string(),
            source: std::sync::Arc::new(e),
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(ProfilesError::io(path.display().to_string())(e).into()),
    }
}

/// Write atomically (temp file, then rename) so a crash never leaves half a file.
pub async fn store(profiles: &[Profile]) -> Result<()> {
    let path = path()?;
    let io = |e: std::io::Error| ProfilesError::io(path.display().to_string())(e);
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(io)?;
    }
    let text = serde_json::to_vec_pretty(profiles).map_err(|e| ProfilesError::Encode(std::sync::Arc::new(e)))?;
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
