//! Profiles (`--profile`, `profile:`) and the CIS audit of a kubeadm-style
//! node: `examples/kubeadm-cis` fails chosen CIS items on purpose, and
//! `--profile cis` must report each at the flag or field that fails it.

use crate::support::{json, kubelint, TempDir};
use kubelint::rules::{by_id, profiles::Profile, Family};
use std::path::Path;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `(file, line, column, rule, message)`.
type Finding = (String, u32, u32, String, String);

/// The exit code and the control-plane and node findings (the CIS
/// sections 1–4) of the kubeadm example.
fn node_findings(args: &[&str]) -> (i32, Vec<Finding>) {
    let mut all = vec!["check", "--no-config", "-f", "json"];
    all.extend_from_slice(args);
    all.push("examples/kubeadm-cis");
    let run = kubelint(workspace(), &all, None);
    let report = json(&run);
    let findings = report
        .diagnostics
        .iter()
        .filter(|d| {
            by_id(&d.rule)
                .is_some_and(|r| matches!(r.family, Family::ControlPlane | Family::Kubelet))
        })
        .map(|d| {
            let file = d.file.rsplit('/').next().unwrap_or(&d.file).to_owned();
            (
                file,
                d.start.line,
                d.start.column,
                d.rule.clone(),
                d.message.clone(),
            )
        })
        .collect();
    (run.code, findings)
}

#[test]
fn profile_cis_reports_each_failing_cis_item_of_a_kubeadm_node_at_its_flag() {
    let (code, findings) = node_findings(&["--profile", "cis"]);
    assert_eq!(code, 1);
    let expected: &[(&str, u32, u32, &str, &str)] = &[
        // 2.7
        ("etcd.yaml", 16, 7, "etcd-tls", "etcd in Pod/kube-system/etcd does not set `--trusted-ca-file`: client certificates are not verified against a CA dedicated to etcd (CIS 2.7)"),
        // 1.2.30, 1.2.29
        ("kube-apiserver.yaml", 16, 7, "apiserver-service-account-token-lifetime", "kube-apiserver in Pod/kube-system/kube-apiserver does not set `--service-account-extend-token-expiration`: projected service account tokens are issued for a year, so a stolen one stays usable that long"),
        ("kube-apiserver.yaml", 16, 7, "apiserver-tls-cipher-suites", "kube-apiserver in Pod/kube-system/kube-apiserver does not set `--tls-cipher-suites`: Go's default cipher suites are offered, CBC-mode suites included"),
        // 1.2.11, 1.2.3, 1.2.9 (off by default, on in the profile)
        ("kube-apiserver.yaml", 27, 34, "apiserver-admission-plugins", "kube-apiserver in Pod/kube-system/kube-apiserver does not enable the AlwaysPullImages admission plugin: a pod can run a private image another tenant pulled onto the node, without credentials"),
        ("kube-apiserver.yaml", 27, 34, "apiserver-admission-plugins", "kube-apiserver in Pod/kube-system/kube-apiserver does not enable the DenyServiceExternalIPs admission plugin: any user who can create a Service can set `externalIPs` and intercept traffic to those addresses (CVE-2020-8554)"),
        ("kube-apiserver.yaml", 27, 34, "apiserver-admission-plugins", "kube-apiserver in Pod/kube-system/kube-apiserver does not enable the EventRateLimit admission plugin: clients may create events without limit and flood the API server and etcd"),
        // 1.2.20
        ("kube-apiserver.yaml", 37, 25, "apiserver-hardening-flags", "kube-apiserver in Pod/kube-system/kube-apiserver sets `--request-timeout=10m`: requests may stay open so long that slow clients exhaust the API server"),
        // 1.3.1
        ("kube-controller-manager.yaml", 16, 7, "controller-manager-flags", "kube-controller-manager in Pod/kube-system/kube-controller-manager does not set `--terminated-pod-gc-threshold`: up to 12500 terminated pods pile up before any is garbage-collected (CIS 1.3.1)"),
        // 4.3.1
        ("kube-proxy-config.yaml", 4, 21, "kube-proxy-metrics-bind-address", "KubeProxyConfiguration sets `metricsBindAddress: 0.0.0.0:10249`: the unauthenticated metrics endpoint is reachable from the network"),
        // 1.4.1
        ("kube-scheduler.yaml", 16, 7, "scheduler-flags", "kube-scheduler in Pod/kube-system/kube-scheduler does not set `--profiling`: the profiling endpoints expose internals and cost CPU, and are on by default"),
        // 4.2.3, 4.2.13, 4.2.9 (missing, insecure defaults: at `kind`)
        ("kubelet-config.yaml", 3, 7, "kubelet-client-ca-missing", "KubeletConfiguration/node-config does not set `authentication.x509.clientCAFile`: the kubelet cannot verify client certificates, so the API server cannot authenticate to it with one"),
        ("kubelet-config.yaml", 3, 7, "kubelet-hardening", "KubeletConfiguration/node-config does not set `podPidsLimit`, which defaults to `-1`: pods get no PID limit, so a fork bomb in one pod can exhaust the node's process IDs"),
        ("kubelet-config.yaml", 3, 7, "kubelet-tls", "KubeletConfiguration/node-config sets neither `tlsCertFile` and `tlsPrivateKeyFile` nor `serverTLSBootstrap`: it serves its API with a self-signed certificate the API server cannot verify"),
        // 4.2.1, 4.2.2, 4.2.4, 4.2.5, 4.2.6, 4.2.8, 4.2.10, 4.2.11, 4.2.12, 4.2.14
        ("kubelet-config.yaml", 7, 14, "kubelet-anonymous-auth", "KubeletConfiguration/node-config sets `authentication.anonymous.enabled: true`: unauthenticated requests reach the kubelet API (exec, logs, pod lists)"),
        ("kubelet-config.yaml", 11, 9, "kubelet-authorization-always-allow", "KubeletConfiguration/node-config sets `authorization.mode: AlwaysAllow`: every client that reaches the kubelet API may exec into any container on the node"),
        ("kubelet-config.yaml", 12, 15, "kubelet-read-only-port", "KubeletConfiguration/node-config sets `readOnlyPort: 10255`: the read-only port serves pod specs and metrics without authentication"),
        ("kubelet-config.yaml", 13, 33, "kubelet-hardening", "KubeletConfiguration/node-config sets `streamingConnectionIdleTimeout: 0s`: streaming sessions (exec, attach, port-forward) never time out"),
        ("kubelet-config.yaml", 14, 25, "kubelet-hardening", "KubeletConfiguration/node-config sets `makeIPTablesUtilChains: false`: the kubelet stops managing its iptables chains, so the node's firewall rules can drift"),
        ("kubelet-config.yaml", 15, 17, "kubelet-hardening", "KubeletConfiguration/node-config sets `eventRecordQPS: 0`: 0 means unlimited event creation, which can flood the kubelet and the API server"),
        ("kubelet-config.yaml", 16, 21, "kubelet-tls", "KubeletConfiguration/node-config sets `rotateCertificates: false`: the kubelet's client certificate is not renewed before it expires"),
        ("kubelet-config.yaml", 18, 35, "kubelet-tls", "KubeletConfiguration/node-config turns off the `RotateKubeletServerCertificate` feature gate: its serving certificate is never renewed"),
        ("kubelet-config.yaml", 21, 3, "kubelet-tls", "KubeletConfiguration/node-config allows the weak TLS cipher suite `TLS_RSA_WITH_AES_256_CBC_SHA`"),
        ("kubelet-config.yaml", 22, 17, "kubelet-hardening", "KubeletConfiguration/node-config sets `seccompDefault: false`: containers that set no seccomp profile run unconfined"),
        // The kubelet's flags override its file: 4.2.7, 4.2.13.
        ("kubelet.yaml", 18, 27, "kubelet-hardening", "kubelet in Pod/kube-system/kubelet sets `--hostname-override=node-1`: the node's name then differs from the host name its serving certificate is issued for, which breaks TLS verification"),
        ("kubelet.yaml", 19, 22, "kubelet-hardening", "kubelet in Pod/kube-system/kubelet sets `--pod-max-pids=-1`: pods get no PID limit, so a fork bomb in one pod can exhaust the node's process IDs"),
    ];
    let expected: Vec<Finding> = expected
        .iter()
        .map(|(f, l, c, r, m)| (f.to_string(), *l, *c, r.to_string(), m.to_string()))
        .collect();
    assert_eq!(findings, expected);
}

#[test]
fn profile_cis_runs_only_rules_with_a_cis_item_and_the_default_profile_does_not_add_them() {
    let dir = workspace();
    let cis = json(&kubelint(
        dir,
        &[
            "check",
            "--no-config",
            "-f",
            "json",
            "--profile",
            "cis",
            "examples/kubeadm-cis",
            "examples/shop",
        ],
        None,
    ));
    for d in &cis.diagnostics {
        let rule = by_id(&d.rule).unwrap();
        assert!(Profile::Cis.includes(rule), "{} is not a CIS rule", d.rule);
    }
    // The workloads' CIS section 5 items are judged too.
    assert!(cis.diagnostics.iter().any(|d| d.rule == "host-namespaces"));
    assert!(!cis.diagnostics.iter().any(|d| d.rule == "latest-image-tag"));
    // Without a profile, rules that are off by default stay off.
    let (_, default) = node_findings(&[]);
    assert!(!default.iter().any(|f| f.3 == "apiserver-admission-plugins"));
    // --enable and --disable still apply on top of the profile.
    let (_, narrowed) = node_findings(&["--profile", "cis", "--disable", "kubelet-tls"]);
    assert!(!narrowed.iter().any(|f| f.3 == "kubelet-tls"));
    assert!(narrowed.iter().any(|f| f.3 == "kubelet-hardening"));
}

#[test]
fn profiles_come_from_the_command_line_or_the_configuration_and_typos_are_errors() {
    let dir = TempDir::new("profiles");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: c, image: nginx:1.27, ports: [{containerPort: 22}]}\n";
    std::fs::write(dir.path().join("pod.yaml"), pod).unwrap();
    let rules_of = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "-f", "json"];
        all.extend_from_slice(args);
        all.push("pod.yaml");
        let mut rules: Vec<String> = json(&kubelint(dir.path(), &all, None))
            .diagnostics
            .into_iter()
            .map(|d| d.rule)
            .collect();
        rules.dedup();
        rules
    };
    // `ssh-port-exposed` is on by default and in no standard.
    assert!(rules_of(&[]).contains(&"ssh-port-exposed".to_owned()));
    assert!(!rules_of(&["--profile", "pss-baseline"]).contains(&"ssh-port-exposed".to_owned()));
    std::fs::write(
        dir.path().join(".kubelint.yaml"),
        "profile: pss-restricted\n",
    )
    .unwrap();
    let restricted = rules_of(&[]);
    assert!(!restricted.contains(&"ssh-port-exposed".to_owned()));
    assert!(
        restricted.contains(&"privilege-escalation-allowed".to_owned()),
        "{restricted:?}"
    );
    // The command line's profile replaces the configuration's.
    assert!(rules_of(&["--profile", "all"]).contains(&"ssh-port-exposed".to_owned()));

    let typo = kubelint(
        dir.path(),
        &["check", "--profile", "pss-restriced", "pod.yaml"],
        None,
    );
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr
            .contains("unknown profile `pss-restriced`; did you mean `pss-restricted`?"),
        "{}",
        typo.stderr
    );
    std::fs::write(dir.path().join(".kubelint.yaml"), "profile: pss-basline\n").unwrap();
    let bad = kubelint(dir.path(), &["check", "-f", "concise", "pod.yaml"], None);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stdout.contains(".kubelint.yaml:1:10: error[invalid-config] unknown profile `pss-basline`; did you mean `pss-baseline`?"),
        "{}",
        bad.stdout
    );
}

#[test]
fn rules_lists_profiles_and_one_profile() {
    let dir = TempDir::new("rules-profiles");
    let run = kubelint(dir.path(), &["rules"], None);
    let header = run.stdout.lines().next().unwrap();
    assert!(header.contains("PROFILES"), "{header}");
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("kubelet-anonymous-auth "))
        .unwrap();
    assert!(
        line.contains(" kubelet ") && line.contains("security,cis "),
        "{line}"
    );
    let cis = kubelint(dir.path(), &["rules", "--profile", "cis"], None);
    assert_eq!(cis.code, 0);
    let listed: Vec<&str> = cis
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    let expected: Vec<&str> = Profile::Cis.rules().map(|r| r.id).collect();
    assert_eq!(listed, expected);
    assert!(listed.contains(&"apiserver-admission-plugins"));
    assert!(!listed.contains(&"latest-image-tag"));
    let json: serde_json::Value =
        serde_json::from_str(&kubelint(dir.path(), &["rules", "--format", "json"], None).stdout)
            .unwrap();
    let rule = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "kubelet-read-only-port")
        .unwrap();
    assert_eq!(rule["family"], "kubelet");
    assert_eq!(
        rule["profiles"],
        serde_json::json!(["security", "cis", "all"])
    );
    let unknown = kubelint(dir.path(), &["rules", "--profile", "nope"], None);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("unknown profile `nope`"),
        "{}",
        unknown.stderr
    );
}
