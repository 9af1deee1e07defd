//! Decrypt every page of a vault's files, to look for text that should be gone.
//!
//! The files are encrypted, so a plain byte search would pass whether or not
//! `secure_delete` worked. This reads them as SQLCipher 4 writes them with a raw key
//! (defaults: 4096-byte pages, AES-256-CBC, 80 reserved bytes per page: a 16-byte IV
//! then a 64-byte HMAC-SHA512; page 1 starts with the 16-byte salt) and returns the
//! plaintext of every page, free pages and old WAL frames included.

use aes::cipher::{BlockDecrypt, KeyInit};
use aes::Aes256;

const PAGE: usize = 4096;
const RESERVE: usize = 80;
const WAL_HEADER: usize = 32;
const FRAME_HEADER: usize = 24;

fn decrypt(key: &[u8; 32], page: &[u8], first: bool) -> Vec<u8> {
    let cipher = Aes256::new(key.into());
    let start = if first { 16 } else { 0 };
    let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
    let mut prev: [u8; 16] = iv.try_into().unwrap();
    let mut out = Vec::with_capacity(PAGE);
    for chunk in page[start..PAGE - RESERVE].chunks(16) {
        let mut block = aes::Block::clone_from_slice(chunk);
        cipher.decrypt_block(&mut block);
        out.extend(block.iter().zip(prev).map(|(b, p)| b ^ p));
        prev = chunk.try_into().unwrap();
    }
    out
}

/// The plaintext of every page of a database file (`spil.db`).
pub fn database(key: &[u8; 32], bytes: &[u8]) -> Vec<Vec<u8>> {
    assert_eq!(bytes.len() % PAGE, 0, "not a whole number of pages");
    let pages: Vec<Vec<u8>> = bytes
        .chunks(PAGE)
        .enumerate()
        .map(|(i, p)| decrypt(key, p, i == 0))
        .collect();
    if let Some(first) = pages.first() {
        // The decrypted page 1 continues SQLite's header at offset 16: the page size.
        assert_eq!(
            &first[..2],
            &[0x10, 0x00],
            "page 1 did not decrypt: wrong key or layout"
        );
    }
    pages
}

/// The plaintext of every frame in a WAL file (`spil.db-wal`), valid or not.
pub fn wal(key: &[u8; 32], bytes: &[u8]) -> Vec<Vec<u8>> {
    if bytes.len() < WAL_HEADER {
        return Vec::new();
    }
    bytes[WAL_HEADER..]
        .chunks(FRAME_HEADER + PAGE)
        .filter(|f| f.len() == FRAME_HEADER + PAGE)
        .map(|f| {
            let page_no = u32::from_be_bytes(f[..4].try_into().unwrap());
            decrypt(key, &f[FRAME_HEADER..], page_no == 1)
        })
        .collect()
}

/// Every plaintext page of every file in a vault folder, with the file's name.
pub fn vault_folder(key: &[u8; 32], dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let pages = match name.as_str() {
            "spil.db" => database(key, &bytes),
            "spil.db-wal" => wal(key, &bytes),
            // Key file, -shm, failed-unlocks: not encrypted pages; searched as they are.
            _ => vec![bytes],
        };
        out.extend(pages.into_iter().map(|p| (name.clone(), p)));
    }
    out
}
