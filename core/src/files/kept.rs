//! Where received files wait until the person saves them: on disk, in a folder of this run
//! that only its user can read and that goes when the run ends. Kept in memory, twenty
//! files of 20 MiB cost 450 MB for the whole run; here they cost nothing in memory.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::{FileError, Result};

#[derive(Debug, Default)]
pub struct Kept {
    /// Made at the first file; removed (with its files) when the store goes.
    dir: OnceLock<std::result::Result<tempfile::TempDir, String>>,
}

impl Kept {
    fn dir(&self) -> Result<&Path> {
        let made = self.dir.get_or_init(|| {
            let mut builder = tempfile::Builder::new();
            builder.prefix("switchboard-received-");
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
            builder.tempdir().map_err(|e| e.to_string())
        });
        match made {
            Ok(dir) => Ok(dir.path()),
            Err(e) => Err(FileError::Refused(format!("there is no place to keep received files: {e}")).into()),
        }
    }

    /// Keep `bytes` as the file `file_id` (a store id: `in-7`), replacing an earlier copy.
    pub fn keep(&self, file_id: &str, bytes: &[u8]) -> Result<PathBuf> {
        let path = self.dir()?.join(file_id);
        std::fs::write(&path, bytes).map_err(FileError::io("the received file could not be kept on disk"))?;
        Ok(path)
    }
}

/// Up to `limit` bytes from the start of a kept file.
pub fn head(path: &Path, limit: usize) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(FileError::io("the received file is gone from the disk"))?;
    let mut bytes = Vec::new();
    file.take(limit as u64)
        .read_to_end(&mut bytes)
        .map_err(FileError::io("the received file could not be read back"))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_files_are_read_back_and_go_with_the_store() {
        let kept = Kept::default();
        let path = kept.keep("in-1", b"hello world").unwrap();
        assert_eq!(head(&path, 5).unwrap(), b"hello");
        assert_eq!(head(&path, 100).unwrap(), b"hello world");
        kept.keep("in-1", b"again").unwrap();
        assert_eq!(head(&path, 100).unwrap(), b"again", "a repeated file replaces the copy");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path.parent().unwrap()).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "only this user can read the folder");
        }
        let dir = path.parent().unwrap().to_owned();
        drop(kept);
        assert!(!dir.exists(), "the folder goes when the run ends");
    }
}
