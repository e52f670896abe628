//! A name offered for saving comes from the network: it is cleaned so that it names one
//! plain file inside the folder the person chose, on Windows, macOS and Linux alike.

/// Names Windows reserves for devices, with or without an extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Characters no OS's file name may hold (Windows' set covers the others), and the
/// invisible bidirectional controls that make `invoice\u{2067}fdp.exe` look like a PDF.
fn forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// The most bytes a file name may take (ext4, APFS, NTFS all allow 255).
pub const MAX_BYTES: usize = 255;

/// `name` with ` (n)` before its extension, still at most 255 bytes (the stem is cut).
pub fn numbered(name: &str, n: u32) -> String {
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let suffix = format!(" ({n}){ext}");
    let mut cut = stem.len().min(MAX_BYTES.saturating_sub(suffix.len()));
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{suffix}", &stem[..cut])
}

/// A safe file name for `raw`, or `fallback` when nothing usable is left.
///
/// Only the last path component counts (`../../etc/passwd` is `passwd`); forbidden and
/// control characters become `_`; leading dots and trailing dots and spaces go (Windows
/// drops them, and a leading dot hides a file); a reserved device name gets a `_` prefix;
/// the result is cut to 255 bytes keeping the extension.
pub fn safe_file_name(raw: &str, fallback: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let replaced: String = last.chars().map(|c| if forbidden(c) { '_' } else { c }).collect();
    let trimmed = replaced.trim_start_matches(['.', ' ']).trim_end_matches(['.', ' ']);
    let mut name = if trimmed.chars().all(|c| c == '_') { String::new() } else { trimmed.to_owned() };
    if name.is_empty() {
        name = fallback.to_owned();
    }
    let stem = name.split('.').next().unwrap_or("").trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        name.insert(0, '_');
    }
    truncate_keeping_extension(name, MAX_BYTES)
}

fn truncate_keeping_extension(name: String, max: usize) -> String {
    if name.len() <= max {
        return name;
    }
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 16 => (&name[..i], &name[i..]),
        _ => (name.as_str(), ""),
    };
    let mut cut = max - ext.len();
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{ext}", &stem[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_from_all_three_oses() {
        let cases: &[(&str, &str)] = &[
            // Path traversal, Unix and Windows style.
            ("../../etc/passwd", "passwd"),
            ("..\\..\\Windows\\System32\\drivers\\etc\\hosts", "hosts"),
            ("C:\\Users\\me\\report.pdf", "report.pdf"),
            ("/absolute/path/file.txt", "file.txt"),
            ("..", "file"),
            (".", "file"),
            ("...", "file"),
            ("", "file"),
            ("///", "file"),
            // Windows reserved device names, any case, with extensions.
            ("CON", "_CON"),
            ("con.txt", "_con.txt"),
            ("Lpt9.log", "_Lpt9.log"),
            ("aux.tar.gz", "_aux.tar.gz"),
            ("COM10.txt", "COM10.txt"),
            ("console.log", "console.log"),
            // Windows-forbidden characters, and trailing dots and spaces.
            ("what?.txt", "what_.txt"),
            ("a<b>c:d\"e|f*.txt", "a_b_c_d_e_f_.txt"),
            ("name. . .", "name"),
            ("trailing space ", "trailing space"),
            // macOS: a colon is a path separator in Finder; a leading dot hides the file.
            (".hidden", "hidden"),
            ("._resource", "_resource"),
            // Control characters, NUL and a right-to-left override.
            ("evil\u{0}name.txt", "evil_name.txt"),
            ("line\nbreak\r.txt", "line_break_.txt"),
            ("invoice\u{202e}fdp.exe", "invoice_fdp.exe"),
            ("invoice\u{2067}fdp.exe", "invoice_fdp.exe"),
            ("a\u{202a}b\u{202d}c\u{2066}d\u{2069}e\u{200e}f\u{200f}g\u{061c}.txt", "a_b_c_d_e_f_g_.txt"),
            // Ordinary names stay as they are, Unicode included.
            ("отчёт 2024.docx", "отчёт 2024.docx"),
            ("报告.pdf", "报告.pdf"),
        ];
        for (raw, expected) in cases {
            assert_eq!(safe_file_name(raw, "file"), *expected, "{raw:?}");
        }
    }

    #[test]
    fn long_names_are_cut_on_a_char_boundary_keeping_the_extension() {
        let name = format!("{}.txt", "я".repeat(300));
        let safe = safe_file_name(&name, "file");
        assert!(safe.len() <= 255, "{}", safe.len());
        assert!(safe.ends_with(".txt"));
        assert!(safe.starts_with('я'));
    }

    #[test]
    fn a_numbered_name_stays_within_255_bytes() {
        let long = safe_file_name(&format!("{}.txt", "я".repeat(300)), "file");
        let second = numbered(&long, 2);
        assert!(second.len() <= MAX_BYTES, "{}", second.len());
        assert!(second.ends_with(" (2).txt"), "{second}");
        assert_eq!(numbered("a.tar.gz", 3), "a.tar (3).gz");
        assert_eq!(numbered("noext", 10), "noext (10)");
    }
}
