//! Saving a received file: only ever inside the folder the person chose, under a cleaned
//! name, never over an existing file (`name (2).ext` instead).

use std::io::Read;
use std::path::{Path, PathBuf};

use super::names::{numbered, safe_file_name};
use crate::error::{Error, FileError, Result};

/// Write `content` into `dir` under a safe form of `offered_name`; returns the path written.
pub fn save_into(dir: &Path, offered_name: &str, mut content: impl Read) -> Result<PathBuf> {
    let dir = dir.canonicalize().map_err(FileError::io(format!("the folder {} cannot be used", dir.display())))?;
    if !dir.is_dir() {
        return Err(Error::file(format!("{} is not a folder", dir.display())));
    }
    let name = safe_file_name(offered_name, "received file");
    for n in 1..10_000u32 {
        let candidate = if n == 1 { name.clone() } else { numbered(&name, n) };
        let path = dir.join(&candidate);
        // The cleaned name has no separators, so this holds; checked anyway, cheaply.
        if path.parent() != Some(dir.as_path()) {
            return Err(Error::file(format!("“{offered_name}” cannot be saved in that folder")));
        }
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                std::io::copy(&mut content, &mut file)
                    .and_then(|_| file.sync_all())
                    .map_err(FileError::io(format!("{} could not be written", path.display())))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(FileError::io(format!("{} could not be created", path.display()))(e).into()),
        }
    }
    Err(Error::file(format!("too many files named “{name}” in that folder")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_outside_the_folder_never_over_a_file() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("chosen");
        std::fs::create_dir(&dir).unwrap();
        let a = save_into(&dir, "../../escape.txt", &b"1"[..]).unwrap();
        assert_eq!(a, dir.canonicalize().unwrap().join("escape.txt"));
        assert!(!root.path().join("escape.txt").exists());
        let b = save_into(&dir, "escape.txt", &b"2"[..]).unwrap();
        assert!(b.ends_with("escape (2).txt"), "{b:?}");
        assert_eq!(std::fs::read(&a).unwrap(), b"1", "the first file is untouched");
        let c = save_into(&dir, "", &b"3"[..]).unwrap();
        assert!(c.ends_with("received file"));
        let d = save_into(&dir, "CON", &b"4"[..]).unwrap();
        assert!(d.ends_with("_CON"));
        assert!(save_into(&root.path().join("missing"), "x", &b"5"[..]).is_err());
    }

    #[test]
    fn a_second_file_with_a_name_of_255_bytes_gets_a_number() {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("{}.txt", "я".repeat(300));
        let a = save_into(dir.path(), &name, &b"1"[..]).unwrap();
        let b = save_into(dir.path(), &name, &b"2"[..]).unwrap();
        assert_ne!(a, b);
        let b_name = b.file_name().unwrap().to_string_lossy().into_owned();
        assert!(b_name.ends_with(" (2).txt") && b_name.len() <= 255, "{b_name}");
    }
}
