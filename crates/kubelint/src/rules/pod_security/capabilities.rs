//! Linux capability names as Kubernetes and the Pod Security Standards see
//! them. Not a rule: shared by the capability rules.

/// Capabilities the Baseline standard allows in `capabilities.add`: the
/// container runtimes' default set minus `NET_RAW`.
pub const BASELINE_ALLOWED: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// The only capability the Restricted standard allows in `capabilities.add`.
pub const RESTRICTED_ALLOWED: &str = "NET_BIND_SERVICE";

/// The capability a name means: upper case without a `CAP_` prefix. The
/// container runtimes upper-case names, but Pod Security admission compares
/// them literally, so `chown` and `CAP_CHOWN` are not `CHOWN` to it.
pub fn normalize(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    match upper.strip_prefix("CAP_") {
        Some(rest) => rest.to_owned(),
        None => upper,
    }
}

/// What a capability outside the Baseline set grants, as a noun phrase.
pub fn danger(capability: &str) -> &'static str {
    match capability {
        "ALL" => "every Linux capability, which makes it almost a privileged container",
        "SYS_ADMIN" => "mounts, namespaces, BPF and much of the kernel's admin surface, the usual first step of a container escape",
        "NET_ADMIN" => "control of the pod network's interfaces, routes and firewall rules",
        "NET_RAW" => "raw sockets that can spoof ARP and DNS traffic of other pods on the node",
        "SYS_MODULE" => "kernel module loading, which is code execution in the node's kernel",
        "SYS_PTRACE" => "tracing of and code injection into other processes",
        "SYS_RAWIO" => "raw access to I/O ports and device memory",
        "SYS_BOOT" => "the power to reboot the node",
        "SYS_TIME" => "control of the node's clock",
        "BPF" => "loading of BPF programs into the node's kernel",
        "PERFMON" => "kernel performance monitoring, which exposes the kernel's memory layout",
        "DAC_READ_SEARCH" => "reading any file by handle (the `open_by_handle_at` container escape)",
        "MAC_ADMIN" | "MAC_OVERRIDE" => "changes to and bypasses of AppArmor and SELinux policy",
        "LINUX_IMMUTABLE" => "changes to immutable and append-only file flags",
        "SYSLOG" => "access to the kernel log, which exposes kernel addresses",
        "SYS_RESOURCE" | "SYS_NICE" => "overrides of resource limits and priorities, which can starve other pods",
        "IPC_LOCK" | "IPC_OWNER" => "memory locking and bypassing of IPC permission checks",
        "AUDIT_CONTROL" | "AUDIT_READ" => "control over the kernel audit log",
        "CHECKPOINT_RESTORE" => "checkpointing and restoring of processes",
        "SYS_PACCT" | "SYS_TTY_CONFIG" | "LEASE" | "WAKE_ALARM" | "BLOCK_SUSPEND" => {
            "kernel facilities applications do not need"
        }
        _ => "a capability outside the set the Baseline standard allows",
    }
}
