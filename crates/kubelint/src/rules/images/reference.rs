/// A container image reference split the way container runtimes split it:
/// `[registry[:port]/]repository[:tag][@digest]`.
///
/// All ranges are byte ranges into the original string, so rules can point at
/// the tag alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageReference<'a> {
    pub text: &'a str,
    /// The registry host (with port), when the first path component looks
    /// like one (has a `.` or `:`, or is `localhost`).
    pub registry: Option<&'a str>,
    pub repository: &'a str,
    /// The tag and its byte range in `text`.
    pub tag: Option<(&'a str, std::ops::Range<usize>)>,
    pub digest: Option<&'a str>,
}

impl<'a> ImageReference<'a> {
    pub fn parse(text: &'a str) -> ImageReference<'a> {
        let (name_and_tag, digest) = match text.split_once('@') {
            Some((name, digest)) => (name, Some(digest)),
            None => (text, None),
        };
        // A `:` after the last `/` separates the tag; one before it is a
        // registry port (`registry:5000/app` has no tag).
        let last_slash = name_and_tag.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match name_and_tag[last_slash..].find(':') {
            Some(colon) => {
                let at = last_slash + colon;
                (
                    &name_and_tag[..at],
                    Some((&name_and_tag[at + 1..], at + 1..name_and_tag.len())),
                )
            }
            None => (name_and_tag, None),
        };
        let (registry, repository) = match name.split_once('/') {
            Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => {
                (Some(first), rest)
            }
            _ => (None, name),
        };
        ImageReference {
            text,
            registry,
            repository,
            tag,
            digest,
        }
    }

    /// Whether the reference contains template or variable syntax
    /// (`${IMAGE}`, `{{ .Values.image }}`, `$(TAG)`) and is not a real image.
    pub fn is_templated(&self) -> bool {
        self.text.contains(['$', '{', '}', '<', '>']) || self.text.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_registry_port_tag_and_digest() {
        let r = ImageReference::parse("registry:5000/app");
        assert_eq!(
            (r.registry, r.repository, r.tag.is_none()),
            (Some("registry:5000"), "app", true)
        );
        let r = ImageReference::parse("nginx:latest");
        assert_eq!((r.registry, r.repository), (None, "nginx"));
        assert_eq!(r.tag, Some(("latest", 6..12)));
        let r = ImageReference::parse("ghcr.io/org/app:1.2@sha256:abc");
        assert_eq!(
            (r.registry, r.repository, r.digest),
            (Some("ghcr.io"), "org/app", Some("sha256:abc"))
        );
        assert_eq!(r.tag.unwrap().0, "1.2");
        let r = ImageReference::parse("library/busybox");
        assert_eq!(
            (r.registry, r.repository, r.tag),
            (None, "library/busybox", None)
        );
        assert!(ImageReference::parse("${IMAGE}").is_templated());
    }
}
