//! Secret material committed to manifests (practice 6).

mod patterns;
pub mod plaintext_secret;
pub mod secret_in_env;
