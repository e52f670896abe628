//! Binary arguments kept as blobs beside their row, not as base64 in its JSON: a third
//! smaller, and never read by a text search. The row's JSON holds `null` where a blob was;
//! the blob's place is its JSON pointer (so no value a server sends can be taken for one).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use rusqlite::{params, Connection, Transaction};
use serde_json::Value;
use socketio::Json;

/// Take every `{"$binary": BASE64}` out of `args`: (its JSON pointer, its bytes). Base64
/// that does not decode stays in the JSON as it came. Arguments still JSON text came in a
/// plain packet, with no attachments: an object of that shape in them is data, and stays
/// in the JSON (it reads back the same).
pub fn take(args: &mut [Json]) -> Vec<(String, Vec<u8>)> {
    fn walk(v: &mut Value, at: &mut String, out: &mut Vec<(String, Vec<u8>)>) {
        match v {
            Value::Object(map) if map.len() == 1 => {
                if let Some(Value::String(b64)) = map.get("$binary") {
                    if let Ok(bytes) = BASE64.decode(b64) {
                        out.push((at.clone(), bytes));
                        *v = Value::Null;
                        return;
                    }
                }
                for (k, v) in map.iter_mut() {
                    step(v, at, k, out);
                }
            }
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    step(v, at, k, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    step(v, at, &i.to_string(), out);
                }
            }
            _ => {}
        }
    }
    fn step(v: &mut Value, at: &mut String, key: &str, out: &mut Vec<(String, Vec<u8>)>) {
        let len = at.len();
        at.push('/');
        // JSON pointer escapes: `~` as `~0`, `/` as `~1`.
        at.push_str(&key.replace('~', "~0").replace('/', "~1"));
        walk(v, at, out);
        at.truncate(len);
    }
    let mut out = Vec::new();
    let mut at = String::new();
    for (i, arg) in args.iter_mut().enumerate() {
        match arg {
            Json::Value(v) => step(v, &mut at, &i.to_string(), &mut out),
            Json::Bytes(bytes) => {
                out.push((format!("/{i}"), bytes.to_vec()));
                *arg = Json::Value(Value::Null);
            }
            Json::Text(_) => {}
        }
    }
    out
}

/// Keep a row's blobs.
pub fn write(tx: &Transaction, row: i64, blobs: &[(String, Vec<u8>)]) -> rusqlite::Result<()> {
    let mut add = tx.prepare_cached("INSERT INTO blobs(row, path, data) VALUES (?1, ?2, ?3)")?;
    for (path, data) in blobs {
        add.execute(params![row, path, data])?;
    }
    Ok(())
}

/// Put a row's blobs back into its arguments as `{"$binary": BASE64}`.
pub fn restore(db: &Connection, row: i64, args: &mut Value) -> rusqlite::Result<()> {
    let mut q = db.prepare_cached("SELECT path, data FROM blobs WHERE row = ?1")?;
    let mut found = q.query([row])?;
    while let Some(r) = found.next()? {
        let (path, data): (String, Vec<u8>) = (r.get(0)?, r.get(1)?);
        if let Some(slot) = args.pointer_mut(&path) {
            *slot = serde_json::json!({ "$binary": BASE64.encode(data) });
        }
    }
    Ok(())
}

/// Mark a row's blob places as `{"$binary": ""}` (the blobs are not read), so the text
/// index sees "[binary]" there, not the `null` the row's JSON holds.
pub fn mark(db: &Connection, row: i64, args: &mut Value) -> rusqlite::Result<()> {
    let mut q = db.prepare_cached("SELECT path FROM blobs WHERE row = ?1")?;
    let paths = q.query_map([row], |r| r.get::<_, String>(0))?;
    for path in paths {
        if let Some(slot) = args.pointer_mut(&path?) {
            *slot = serde_json::json!({ "$binary": "" });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn binary_leaves_the_json_and_comes_back_in_its_place() {
        let original = vec![
            json!({"name": "a/b~c", "file": {"$binary": "AAEC"}, "list": [1, {"$binary": "/w=="}]}),
            json!({"$binary": "not base64!"}),
            json!({"$binary": "AA==", "other": 1}),
        ];
        let mut args = socketio::json::from_values(original.clone());
        // An argument kept as text came in a plain packet: what looks like binary is data.
        args.push(Json::Text(socketio::json::JsonText::new(r#"{"$binary":"AAEC"}"#).unwrap()));
        let blobs = take(&mut args);
        assert_eq!(
            blobs,
            vec![("/0/file".to_owned(), vec![0, 1, 2]), ("/0/list/1".to_owned(), vec![255])],
            "only whole {{\"$binary\"}} objects that decode are taken"
        );
        assert_eq!(args[0].to_value()["file"], Value::Null);
        assert_eq!(args[1], original[1]);
        assert_eq!(args.pop().unwrap(), json!({"$binary": "AAEC"}));
        // A whole binary argument is kept from its bytes.
        let mut whole = vec![json!(1).into(), Json::Bytes(bytes::Bytes::from_static(&[9, 8]))];
        assert_eq!(take(&mut whole), vec![("/1".to_owned(), vec![9, 8])]);
        assert_eq!(whole[1], Value::Null);

        let db = Connection::open_in_memory().unwrap();
        db.execute_batch("CREATE TABLE blobs(row INTEGER, path TEXT, data BLOB)").unwrap();
        let mut db = db;
        let tx = db.transaction().unwrap();
        write(&tx, 7, &blobs).unwrap();
        tx.commit().unwrap();
        let mut back = Value::Array(socketio::json::values(&args));
        restore(&db, 7, &mut back).unwrap();
        assert_eq!(back, Value::Array(original));
    }

    #[test]
    fn keys_with_slashes_and_tildes_are_escaped_in_the_pointer() {
        let mut args = vec![json!({"a/b": {"~x": {"$binary": "AA=="}}}).into()];
        let blobs = take(&mut args);
        assert_eq!(blobs[0].0, "/0/a~1b/~0x");
        assert!(args[0].to_value().pointer("/a~1b/~0x").is_some());
    }
}
