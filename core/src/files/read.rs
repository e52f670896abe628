//! Reading a file to send: checked before anything is read (a folder, a link, an empty or
//! unreadable file, or one over the server's limit is refused in words), then read and
//! base64-encoded in chunks so memory stays near one encoded copy, with progress.

use std::io::Read;
use std::path::Path;

use base64::{engine::general_purpose::STANDARD, Engine};
use sha2::{Digest, Sha256};

use super::human_size;
use crate::error::{Error, FileError, Result};

/// A chunk of whole base64 groups (a multiple of 3 bytes), about 768 KiB.
const CHUNK: usize = 3 * 256 * 1024;

/// What a checked file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub size: u64,
}

/// Check `path` before reading it.
pub fn check(path: &Path, max_bytes: u64) -> Result<Source> {
    let shown = path.display();
    let meta = std::fs::symlink_metadata(path).map_err(FileError::io(format!("{shown} cannot be opened")))?;
    if meta.file_type().is_symlink() {
        return Err(Error::file(format!("{shown} is a link; send the file it points to instead")));
    }
    if meta.is_dir() {
        return Err(Error::file(format!("{shown} is a folder; only files can be sent")));
    }
    if !meta.is_file() {
        return Err(Error::file(format!("{shown} is not a regular file")));
    }
    if meta.len() == 0 {
        return Err(Error::file(format!("{shown} is empty")));
    }
    if meta.len() > max_bytes {
        return Err(Error::file(format!(
            "{shown} is {}, more than this server's limit of {}",
            human_size(meta.len()),
            human_size(max_bytes)
        )));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into());
    Ok(Source { name, size: meta.len() })
}

/// The file's content as base64 and its SHA-256, reading in chunks; `progress(done, total)`
/// is called after each chunk and stops the reading by returning `false` (cancel). The
/// file must not grow past `max_bytes` while it is read.
pub fn encode(path: &Path, max_bytes: u64, mut progress: impl FnMut(u64, u64) -> bool) -> Result<(String, String)> {
    let source = check(path, max_bytes)?;
    let shown = path.display();
    let mut file = std::fs::File::open(path).map_err(FileError::io(format!("{shown} cannot be read")))?;
    let mut encoded = String::with_capacity((source.size as usize).div_ceil(3) * 4);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    let mut done: u64 = 0;
    loop {
        // Fill the chunk completely (short reads happen) so only the last one has padding.
        let mut filled = 0;
        while filled < CHUNK {
            match file.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(FileError::io(format!("{shown} could not be read"))(e).into()),
            }
        }
        if filled == 0 {
            break;
        }
        done += filled as u64;
        if done > max_bytes {
            return Err(Error::file(format!("{shown} grew past this server's limit while it was read")));
        }
        hasher.update(&buf[..filled]);
        STANDARD.encode_string(&buf[..filled], &mut encoded);
        if !progress(done, source.size.max(done)) {
            return Err(Error::file(format!("{shown} was cancelled")));
        }
        if filled < CHUNK {
            break;
        }
    }
    Ok((encoded, super::hex(&hasher.finalize())))
}

/// Decode received base64, checking it against the size the sender announced.
pub fn decode(content: &str, expected_size: Option<u64>) -> Result<Vec<u8>> {
    // Some senders wrap base64 in lines or add a data: URL prefix.
    let body = content.split_once(";base64,").map(|(_, b)| b).unwrap_or(content);
    // Copied without the line breaks only when there are any (a large file's text is not copied).
    let compact: std::borrow::Cow<str> = match body.bytes().any(|b| b.is_ascii_whitespace()) {
        true => body.chars().filter(|c| !c.is_ascii_whitespace()).collect::<String>().into(),
        false => body.into(),
    };
    let bytes = STANDARD.decode(compact.as_bytes()).map_err(FileError::from)?;
    if let Some(expected) = expected_size {
        if expected != bytes.len() as u64 {
            return Err(Error::file(format!(
                "the file is damaged: {} arrived where {} were announced",
                human_size(bytes.len() as u64),
                human_size(expected)
            )));
        }
    }
    Ok(bytes)
}

/// The text of a file we encoded (plain base64) when that file is text, else `None`.
/// Checked a chunk at a time first, so a binary file is never decoded whole.
pub fn text_of_base64(content: &str) -> Option<String> {
    let mut carry: Vec<u8> = Vec::new();
    for chunk in content.as_bytes().chunks(4 * 64 * 1024) {
        let mut bytes = std::mem::take(&mut carry);
        STANDARD.decode_vec(chunk, &mut bytes).ok()?;
        // A character cut by the chunk's end is finished by the next chunk.
        let valid = match std::str::from_utf8(&bytes) {
            Ok(_) => bytes.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return None,
        };
        if !super::text::looks_like_text(&bytes[..valid]) {
            return None;
        }
        carry = bytes[valid..].to_vec();
    }
    if !carry.is_empty() {
        return None;
    }
    String::from_utf8(STANDARD.decode(content).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_before_reading_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.txt");
        std::fs::write(&empty, b"").unwrap();
        assert!(check(&empty, 10).unwrap_err().to_string().contains("empty"));
        assert!(check(dir.path(), 10).unwrap_err().to_string().contains("folder"));
        assert!(check(&dir.path().join("missing"), 10).unwrap_err().to_string().contains("cannot be opened"));
        let big = dir.path().join("big.bin");
        std::fs::write(&big, vec![1u8; 2048]).unwrap();
        let err = check(&big, 1024).unwrap_err().to_string();
        assert!(err.contains("2.0 KiB") && err.contains("1.0 KiB"), "{err}");
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&big, &link).unwrap();
            assert!(check(&link, 1 << 20).unwrap_err().to_string().contains("link"));
        }
        assert_eq!(check(&big, 4096).unwrap(), Source { name: "big.bin".into(), size: 2048 });
    }

    #[test]
    fn chunked_encoding_equals_one_shot_encoding() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.bin");
        // Not a multiple of the chunk or of 3: padding only at the very end.
        let data: Vec<u8> = (0..(CHUNK * 2 + 7)).map(|i| (i * 31 % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let mut calls = Vec::new();
        let (b64, sha) = encode(&path, u64::MAX, |done, total| {
            calls.push((done, total));
            true
        })
        .unwrap();
        assert_eq!(b64, STANDARD.encode(&data));
        assert_eq!(sha, super::super::sha256_hex(&data));
        assert_eq!(calls.last(), Some(&(data.len() as u64, data.len() as u64)));
        assert_eq!(calls.len(), 3);
        assert_eq!(decode(&b64, Some(data.len() as u64)).unwrap(), data);
        let err = encode(&path, u64::MAX, |_, _| false).unwrap_err().to_string();
        assert!(err.contains("cancelled"), "{err}");
    }

    #[test]
    fn text_is_found_in_base64_across_chunks() {
        // A three-byte character every few bytes, so chunk ends cut some of them.
        let text = "ab 中\n".repeat(100_000);
        assert_eq!(text_of_base64(&STANDARD.encode(&text)).as_deref(), Some(text.as_str()));
        let mut binary = text.clone().into_bytes();
        binary[250_000] = 0;
        assert_eq!(text_of_base64(&STANDARD.encode(&binary)), None);
        assert_eq!(text_of_base64(&STANDARD.encode([0xe4u8, 0xb8])), None, "a cut character at the end");
        assert_eq!(text_of_base64("not base64!"), None);
    }

    #[test]
    fn damaged_content_is_an_error_in_words() {
        assert!(decode("not base64!!", None).unwrap_err().to_string().contains("base64"));
        let err = decode("aGVsbG8=", Some(6)).unwrap_err().to_string();
        assert!(err.contains("damaged"), "{err}");
        assert_eq!(decode("aGVs\nbG8=", Some(5)).unwrap(), b"hello");
        assert_eq!(decode("data:text/plain;base64,aGVsbG8=", None).unwrap(), b"hello");
    }
}
