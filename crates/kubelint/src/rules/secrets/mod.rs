//! Secret material committed to manifests (practice 6).

pub mod configmap_contains_secret;
pub mod encryption_provider_weak;
mod material;
mod patterns;
pub mod plaintext_secret;
pub mod secret_as_env_var;
pub mod secret_in_env;
