//! Which host paths are sensitive. Not a rule: shared by the hostPath rules.

/// How a listed path matches.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Match {
    /// Only the path itself (`/etc`, not `/etc/ssl/certs`).
    Exact,
    /// The path and everything below it.
    Tree,
}

/// Sensitive host paths and what mounting them exposes. Broad directories
/// whose subdirectories are routinely mounted (`/etc/ssl/certs`,
/// `/var/log`) match exactly; trees that are sensitive all the way down
/// match as prefixes.
const SENSITIVE: &[(&str, Match, &str)] = &[
    ("/", Match::Exact, "the node's entire filesystem"),
    (
        "/etc",
        Match::Exact,
        "the node's configuration, including credentials",
    ),
    (
        "/etc/kubernetes",
        Match::Tree,
        "the node's Kubernetes credentials, PKI and static pod manifests",
    ),
    ("/etc/shadow", Match::Tree, "the node's password hashes"),
    ("/etc/sudoers", Match::Tree, "the node's sudo configuration"),
    (
        "/etc/ssh",
        Match::Tree,
        "the node's SSH host keys and server configuration",
    ),
    (
        "/root",
        Match::Tree,
        "root's home directory on the node (SSH keys, credentials)",
    ),
    (
        "/home",
        Match::Exact,
        "every user's home directory on the node",
    ),
    (
        "/proc",
        Match::Tree,
        "the host's process and kernel interfaces",
    ),
    (
        "/sys",
        Match::Tree,
        "the host's kernel settings and devices",
    ),
    ("/dev", Match::Tree, "the host's devices"),
    ("/boot", Match::Tree, "the node's kernel and boot loader"),
    ("/bin", Match::Exact, "the node's system binaries"),
    ("/sbin", Match::Exact, "the node's system binaries"),
    (
        "/usr",
        Match::Exact,
        "the node's system binaries and libraries",
    ),
    ("/lib", Match::Exact, "the node's system libraries"),
    ("/lib64", Match::Exact, "the node's system libraries"),
    (
        "/var",
        Match::Exact,
        "the node's variable data, including container runtime state",
    ),
    (
        "/var/lib",
        Match::Exact,
        "the node's state, including kubelet and container runtime data",
    ),
    (
        "/var/lib/kubelet",
        Match::Tree,
        "the kubelet's state with every pod's volumes, secrets and service account tokens",
    ),
    (
        "/var/lib/etcd",
        Match::Tree,
        "etcd's data, which holds every Secret of the cluster",
    ),
    (
        "/var/lib/docker",
        Match::Tree,
        "the container runtime's storage with other containers' filesystems",
    ),
    (
        "/var/lib/containerd",
        Match::Tree,
        "the container runtime's storage with other containers' filesystems",
    ),
    (
        "/var/lib/containers",
        Match::Tree,
        "the container runtime's storage with other containers' filesystems",
    ),
    (
        "/run",
        Match::Exact,
        "the node's runtime sockets, including the container runtime's",
    ),
    (
        "/var/run",
        Match::Exact,
        "the node's runtime sockets, including the container runtime's",
    ),
    (
        "/run/containerd",
        Match::Tree,
        "containerd's runtime directory and socket, which control every container on the node",
    ),
    (
        "/var/run/containerd",
        Match::Tree,
        "containerd's runtime directory and socket, which control every container on the node",
    ),
    (
        "/run/crio",
        Match::Tree,
        "CRI-O's runtime directory and socket, which control every container on the node",
    ),
    (
        "/var/run/crio",
        Match::Tree,
        "CRI-O's runtime directory and socket, which control every container on the node",
    ),
    (
        "/run/docker",
        Match::Tree,
        "Docker's runtime directory, which controls every container on the node",
    ),
    (
        "/var/run/docker",
        Match::Tree,
        "Docker's runtime directory, which controls every container on the node",
    ),
];

/// Container runtime sockets, wherever they live.
const SOCKETS: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "crio.sock",
    "cri-dockerd.sock",
    "dockershim.sock",
    "podman.sock",
];

/// `/var//run/./docker.sock/` → `/var/run/docker.sock`: the path the node
/// opens, resolved lexically (`..` pops a component).
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.trim().split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

/// What mounting `path` from the host exposes, if it is sensitive.
pub fn sensitive(path: &str) -> Option<&'static str> {
    let path = normalize(path);
    let file = path.rsplit('/').next().unwrap_or_default();
    if SOCKETS.contains(&file) {
        return Some("the container runtime socket, which controls every container on the node and so the node itself");
    }
    SENSITIVE.iter().find_map(|(listed, how, why)| {
        let hit = match how {
            Match::Exact => path == *listed,
            Match::Tree => {
                path == *listed
                    || path
                        .strip_prefix(listed)
                        .is_some_and(|rest| rest.starts_with('/'))
            }
        };
        hit.then_some(*why)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_and_matches() {
        assert_eq!(
            normalize("/var//run/./docker.sock/"),
            "/var/run/docker.sock"
        );
        assert_eq!(normalize("/etc/../"), "/");
        assert_eq!(normalize("/../.."), "/");
        assert!(sensitive("/var/run/docker.sock").is_some());
        assert!(sensitive("/run/k3s/containerd/containerd.sock").is_some());
        assert!(sensitive("/").is_some());
        assert!(sensitive("/etc/").is_some());
        assert!(sensitive("/etc/ssl/certs").is_none());
        assert!(sensitive("/etc/kubernetes/pki").is_some());
        assert!(sensitive("/proc/sys/kernel").is_some());
        assert!(sensitive("/processes").is_none());
        assert!(sensitive("/var/log").is_none());
        assert!(sensitive("/var/lib/kubelet/pods").is_some());
        assert!(sensitive("/data/../etc").is_some());
    }
}
