//! Rules the engine itself emits: input that cannot be read or parsed,
//! YAML-level mistakes, configuration errors and suppression bookkeeping.

crate::rules::family_rules!(Input:
    duplicate_key,
    invalid_config,
    invalid_yaml,
    unreadable_file,
    unused_suppression,
    yaml_sorted_keys,
);
