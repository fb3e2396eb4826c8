//! Kubernetes versions, for rules whose verdict depends on the release:
//! Pod Security admission levels change between releases, APIs are removed.

/// A Kubernetes minor release (`1.32` is `KubernetesVersion { minor: 32 }`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubernetesVersion {
    pub minor: u32,
}

impl KubernetesVersion {
    /// Parses `1.32`, `v1.32`, `1.32.4` or `v1.32.4-eks-1` (only the minor
    /// release matters). `None` for anything else.
    pub fn parse(text: &str) -> Option<KubernetesVersion> {
        let text = text.trim();
        let text = text.strip_prefix('v').unwrap_or(text);
        let mut parts = text.split(['.', '-', '+']);
        (parts.next()? == "1").then_some(())?;
        let minor = parts.next()?.parse().ok()?;
        Some(KubernetesVersion { minor })
    }

    /// Whether this release is at least 1.`minor`.
    pub fn at_least(self, minor: u32) -> bool {
        self.minor >= minor
    }
}

impl std::fmt::Display for KubernetesVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "1.{}", self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::KubernetesVersion;

    #[test]
    fn versions_as_people_write_them() {
        let minor = |text: &str| KubernetesVersion::parse(text).map(|v| v.minor);
        assert_eq!(minor("1.29"), Some(29));
        assert_eq!(minor("v1.32.4"), Some(32));
        assert_eq!(minor("v1.30.2-eks-1"), Some(30));
        assert_eq!(minor("2.0"), None);
        assert_eq!(minor("1.x"), None);
    }
}
