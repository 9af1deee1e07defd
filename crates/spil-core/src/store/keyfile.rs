//! The key file: the vault's data key, wrapped under the passphrase.
//!
//! The SQLCipher database is keyed with a random 256-bit *data key* (a raw key, so
//! SQLCipher's own PBKDF is skipped). The data key never touches disk in the clear:
//! `vault.key` holds it encrypted with XChaCha20-Poly1305 under a *wrapping key*
//! derived from the passphrase with Argon2id (explicit parameters, random 16-byte
//! salt). The KDF parameters, salt and vault id are the AEAD's associated data, so a
//! key file whose parameters were edited does not open. Parameters are checked against
//! a floor (so a crafted file cannot weaken the KDF) and a ceiling (so it cannot
//! exhaust memory) before any derivation runs.
//!
//! Changing the passphrase re-wraps the same data key: O(1) whatever the vault's size.

use std::fs;
use std::io::Write;
use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::{Error, Result};

const FORMAT: &str = "spil-vault-key";
const VERSION: u32 = 1;

/// A passphrase as typed. Zeroized on drop; its Debug output is redacted.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(s: impl Into<String>) -> Self {
        Passphrase(Zeroizing::new(s.into()))
    }
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

/// The 256-bit key SQLCipher encrypts the database with.
pub(crate) struct DataKey(Zeroizing<[u8; 32]>);

impl DataKey {
    pub(crate) fn random() -> Result<Self> {
        let mut k = Zeroizing::new([0u8; 32]);
        getrandom::getrandom(k.as_mut()).map_err(|e| Error::KeyFile(e.to_string()))?;
        Ok(DataKey(k))
    }

    #[cfg(feature = "test-support")]
    pub(crate) fn bytes(&self) -> [u8; 32] {
        *self.0
    }

    #[cfg(feature = "test-support")]
    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        DataKey(Zeroizing::new(bytes))
    }

    /// The key as SQLCipher's raw-key literal, `x'…'`.
    /// Written straight into one zeroizing buffer: no intermediate hex `String`.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(67));
        out.push_str("x'");
        for b in self.0.iter() {
            let mut pair = [0u8; 2];
            // Cannot fail: the slice is exactly two bytes for one input byte.
            if hex::encode_to_slice([*b], &mut pair).is_ok() {
                out.push(char::from(pair[0]));
                out.push(char::from(pair[1]));
            }
        }
        out.push('\'');
        out
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

/// Argon2id cost. Stored in the key file; bounded on both sides when read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// What new vaults use: 64 MiB, 3 passes, 1 lane (above RustCrypto's defaults,
    /// which are weaker), about half a second on an old laptop.
    pub const DEFAULT: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };
    pub const FLOOR: KdfParams = KdfParams::DEFAULT;
    pub const CEILING: KdfParams = KdfParams {
        memory_kib: 1024 * 1024,
        iterations: 16,
        parallelism: 8,
    };

    fn check(&self) -> Result<()> {
        let (lo, hi) = (Self::FLOOR, Self::CEILING);
        let ok = (lo.memory_kib..=hi.memory_kib).contains(&self.memory_kib)
            && (lo.iterations..=hi.iterations).contains(&self.iterations)
            && (lo.parallelism..=hi.parallelism).contains(&self.parallelism);
        if ok {
            Ok(())
        } else {
            Err(Error::KeyFile(
                "key derivation parameters outside the allowed range".into(),
            ))
        }
    }
}

#[derive(Serialize, Deserialize)]
struct KdfSection {
    algorithm: String,
    #[serde(flatten)]
    params: KdfParams,
    salt: String,
}

#[derive(Serialize, Deserialize)]
struct WrapSection {
    algorithm: String,
    nonce: String,
    ciphertext: String,
}

#[derive(Serialize, Deserialize)]
struct KeyFileJson {
    format: String,
    version: u32,
    vault_id: String,
    kdf: KdfSection,
    wrap: WrapSection,
}

impl KeyFileJson {
    /// Everything but the ciphertext, bound to it as associated data.
    fn associated_data(&self) -> String {
        let p = self.kdf.params;
        format!(
            "{}|{}|{}|{}|{}|{}|{}|{}|{}",
            self.format,
            self.version,
            self.vault_id,
            self.kdf.algorithm,
            p.memory_kib,
            p.iterations,
            p.parallelism,
            self.kdf.salt,
            self.wrap.algorithm
        )
    }
}

fn derive(passphrase: &Passphrase, salt: &[u8], p: KdfParams) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(p.memory_kib, p.iterations, p.parallelism, Some(32))
        .map_err(|e| Error::KeyFile(e.to_string()))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.expose().as_bytes(), salt, out.as_mut())
        .map_err(|e| Error::KeyFile(e.to_string()))?;
    Ok(out)
}

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).map_err(|e| Error::KeyFile(e.to_string()))?;
    Ok(b)
}

/// Wrap `key` under `passphrase` and write the key file atomically.
pub(crate) fn write(
    path: &Path,
    vault_id: &str,
    passphrase: &Passphrase,
    key: &DataKey,
    params: KdfParams,
) -> Result<()> {
    params.check()?;
    let salt: [u8; 16] = random()?;
    let nonce: [u8; 24] = random()?;
    let mut file = KeyFileJson {
        format: FORMAT.into(),
        version: VERSION,
        vault_id: vault_id.into(),
        kdf: KdfSection {
            algorithm: "argon2id".into(),
            params,
            salt: hex::encode(salt),
        },
        wrap: WrapSection {
            algorithm: "xchacha20poly1305".into(),
            nonce: hex::encode(nonce),
            ciphertext: String::new(),
        },
    };
    let wrapping = derive(passphrase, &salt, params)?;
    let cipher = XChaCha20Poly1305::new(wrapping.as_ref().into());
    let aad = file.associated_data();
    let ct = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: key.0.as_ref(),
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| Error::KeyFile("could not wrap the data key".into()))?;
    file.wrap.ciphertext = hex::encode(ct);
    let json = serde_json::to_vec_pretty(&file).map_err(|e| Error::KeyFile(e.to_string()))?;
    write_atomically(path, &json)
}

/// Read the key file and unwrap the data key. A wrong passphrase and an altered file
/// both fail the AEAD check and are reported as a wrong passphrase.
pub(crate) fn read(path: &Path, passphrase: &Passphrase) -> Result<(String, DataKey)> {
    let bytes = fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NoVault,
        _ => Error::Io(e),
    })?;
    unwrap(&bytes, passphrase)
}

/// [`read`] for key file bytes already in memory (a key file inside a backup).
pub(crate) fn unwrap(bytes: &[u8], passphrase: &Passphrase) -> Result<(String, DataKey)> {
    let file = parse(bytes)?;
    let salt = hex::decode(&file.kdf.salt).map_err(|_| bad("salt"))?;
    let nonce = hex::decode(&file.wrap.nonce).map_err(|_| bad("nonce"))?;
    let ct = hex::decode(&file.wrap.ciphertext).map_err(|_| bad("ciphertext"))?;
    if salt.len() < 16 || nonce.len() != 24 || ct.len() != 48 {
        return Err(bad("field lengths"));
    }
    let wrapping = derive(passphrase, &salt, file.kdf.params)?;
    let cipher = XChaCha20Poly1305::new(wrapping.as_ref().into());
    let aad = file.associated_data();
    let mut plain = cipher
        .decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &ct,
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| Error::WrongPassphrase)?;
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&plain);
    plain.zeroize();
    Ok((file.vault_id, DataKey(key)))
}

/// Check a key file's structure and bounds without a passphrase (used by `verify`
/// and by the fuzz targets).
pub fn inspect(bytes: &[u8]) -> Result<KdfParams> {
    parse(bytes).map(|f| f.kdf.params)
}

/// The vault id a key file belongs to, without a passphrase (to refuse restoring one
/// vault's backup over another vault).
pub(crate) fn vault_id(bytes: &[u8]) -> Result<String> {
    parse(bytes).map(|f| f.vault_id)
}

fn parse(bytes: &[u8]) -> Result<KeyFileJson> {
    let file: KeyFileJson = serde_json::from_slice(bytes).map_err(|_| bad("not JSON"))?;
    if file.format != FORMAT || file.kdf.algorithm != "argon2id" {
        return Err(bad("format"));
    }
    if file.wrap.algorithm != "xchacha20poly1305" {
        return Err(bad("cipher"));
    }
    if file.version != VERSION {
        return Err(Error::KeyFile(format!(
            "key file version {} is not supported",
            file.version
        )));
    }
    file.kdf.params.check()?;
    Ok(file)
}

fn bad(what: &str) -> Error {
    Error::KeyFile(format!("unexpected {what}"))
}

/// Write via a temporary file in the same folder, fsync, rename, fsync the folder: a
/// crash leaves either the old file or the new one, never a torn one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().ok_or(Error::NoVault)?;
    let mut tmp = tempfile_in(dir)?;
    tmp.1.write_all(bytes)?;
    tmp.1.sync_all()?;
    fs::rename(&tmp.0, path)?;
    sync_dir(dir);
    Ok(())
}

pub(crate) fn tempfile_in(dir: &Path) -> Result<(std::path::PathBuf, fs::File)> {
    for _ in 0..16 {
        let n: [u8; 8] = random()?;
        let p = dir.join(format!(".tmp-{}", hex::encode(n)));
        let mut opts = fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        match opts.open(&p) {
            Ok(f) => return Ok((p, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Io(std::io::Error::other("no temporary file name")))
}

#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) {
    // Makes the rename durable; best effort because some file systems refuse it.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_unwraps_and_refuses_wrong_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.key");
        let key = DataKey::random().unwrap();
        let pass = Passphrase::new("correct horse battery staple");
        write(&path, "v1", &pass, &key, KdfParams::DEFAULT).unwrap();
        let (id, back) = read(&path, &pass).unwrap();
        assert_eq!(id, "v1");
        assert_eq!(back.0.as_ref(), key.0.as_ref());
        let wrong = read(&path, &Passphrase::new("wrong horse")).unwrap_err();
        assert!(matches!(wrong, Error::WrongPassphrase));
        let text = fs::read_to_string(&path).unwrap();
        assert!(!text.contains(&hex::encode(key.0.as_ref())));
    }

    #[test]
    fn refuses_weakened_or_huge_parameters() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.key");
        let pass = Passphrase::new("correct horse battery staple");
        write(
            &path,
            "v1",
            &pass,
            &DataKey::random().unwrap(),
            KdfParams::DEFAULT,
        )
        .unwrap();
        let text = fs::read_to_string(&path).unwrap();
        for (from, to) in [
            ("\"memory_kib\": 65536", "\"memory_kib\": 8"),
            ("\"memory_kib\": 65536", "\"memory_kib\": 4000000000"),
            ("\"iterations\": 3", "\"iterations\": 1"),
        ] {
            fs::write(&path, text.replace(from, to)).unwrap();
            assert!(matches!(read(&path, &pass), Err(Error::KeyFile(_))), "{to}");
        }
    }

    #[test]
    fn literal_is_the_hex_key() {
        let k = DataKey::random().unwrap();
        assert_eq!(
            k.sqlcipher_literal().as_str(),
            format!("x'{}'", hex::encode(k.0.as_ref()))
        );
    }

    #[test]
    fn debug_output_hides_secrets() {
        let p = Passphrase::new("geheim-wachtwoord");
        assert!(!format!("{p:?}").contains("geheim"));
        let k = DataKey::random().unwrap();
        assert!(!format!("{k:?}").contains(&hex::encode(k.0.as_ref())[..8]));
    }
}
