//! Policy enforcement and API versions (practices 9 and 12): Pod Security
//! Admission labels and deprecated or removed APIs.

crate::rules::family_rules!(Policy:
    deprecated_api_version,
    psa_namespace_label_missing,
);
