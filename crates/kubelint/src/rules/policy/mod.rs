//! Policy enforcement and API versions (practices 9 and 12): Pod Security
//! Admission labels and deprecated or removed APIs.

pub mod deprecated_api_version;
pub mod psa_namespace_label_missing;
