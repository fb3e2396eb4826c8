//! Secret material committed to manifests (practice 6).

mod material;
mod patterns;

crate::rules::family_rules!(Secrets:
    configmap_contains_secret,
    encryption_provider_weak,
    plaintext_secret,
    secret_as_env_var,
    secret_in_env,
);
