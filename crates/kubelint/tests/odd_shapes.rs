//! Manifests of the wrong shape — scalars where mappings belong, lists
//! where scalars belong, nulls, aliases, merges, non-ASCII — never make a
//! rule panic, and every fix offered for them applies and re-parses.

use kubelint::config::Config;
use kubelint::edit::apply_edits;
use kubelint::{Diagnostic, Linter};

const ODD: &[&str] = &[
    "apiVersion: v1\nkind: Pod\nspec: 5\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers: [1, \"x\", null, [a]]\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  securityContext: 5\n  containers:\n  - name: a\n    securityContext: [privileged]\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    sysctls: [1, {name: [x]}, {name: null}, {value: 1}]\n    seccompProfile: [Unconfined]\n    seLinuxOptions: user\n    windowsOptions: {hostProcess: [true]}\n  containers:\n  - name: a\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities: [ALL]\n  - name: b\n    securityContext:\n      capabilities: {add: {SYS_ADMIN: true}, drop: {ALL: true}}\n  - name: c\n    securityContext:\n      capabilities: {add: [[SYS_ADMIN], null, 7], drop: [[ALL], ~]}\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    ports: \"80\"\n    volumeMounts: {name: x}\n  - name: b\n    ports: [80, {hostPort: [1]}, {hostPort: \"x\", containerPort: \"y\"}]\n    volumeMounts: [1, {name: [v]}, {name: v, readOnly: [true]}]\n  volumes: {v: {hostPath: /}}\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    volumeMounts: [{name: v}]\n  volumes: [1, {name: v, hostPath: \"/etc\"}, {name: w, hostPath: {path: [x]}}, {hostPath: null}]\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    livenessProbe: [httpGet]\n    readinessProbe: {httpGet: [host]}\n    startupProbe: {tcpSocket: {host: [x]}}\n    lifecycle: [postStart]\n    resources: [cpu]\n    image: [nginx]\n    imagePullPolicy: {Always: 1}\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations: [a]\nspec:\n  automountServiceAccountToken: [false]\n  hostUsers: {a: b}\n  restartPolicy: [Always]\n  os: windows\n  resources: 1\n  containers:\n  - name: a\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/a: [unconfined]\n    seccomp.security.alpha.kubernetes.io/pod: {x: 1}\nspec:\n  containers:\n  - name: a\n",
    // Aliases and merges everywhere.
    "apiVersion: v1\nkind: Pod\nspec:\n  securityContext: &sc {seccompProfile: {type: Unconfined}}\n  containers:\n  - &c\n    name: a\n    securityContext: *sc\n    ports: &p [{hostPort: 1, containerPort: 1}]\n  - <<: *c\n    name: b\n    ports: *p\n",
    // Non-ASCII everywhere, CRLF.
    "apiVersion: v1\r\nkind: Pod\r\nmetadata: {name: \"ünïcödé\"}\r\nspec:\r\n  containers:\r\n  - name: \"café\" # ☕\r\n    image: \"régistry/äpp:1\"\r\n    ports:\r\n    - hostPort: 8080 # 端口\r\n      containerPort: 80\r\n    securityContext:\r\n      capabilities: {add: [\"SYS_ADMİN\", ÅLL]}\r\n  volumes:\r\n  - name: \"vö\"\r\n    hostPath: {path: \"/étc/../etc\"}\r\n",
    // Empty and null shapes.
    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name:\n    securityContext:\n    ports:\n    - hostPort:\n    volumeMounts:\n    - name:\n  volumes:\n  -\n",
    "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: []\n",
    "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    metadata: [x]\n    spec:\n      containers:\n      - {}\n      - {name: a, securityContext: {}}\n",
];

#[test]
fn odd_shapes_do_not_panic_and_fixes_reparse() {
    let linter = Linter::new({
        let mut config = Config::default();
        config.enable = vec!["all".to_owned()];
        config
    });
    let yaml_problems = |diagnostics: &[Diagnostic]| {
        diagnostics
            .iter()
            .filter(|d| d.rule == "invalid-yaml" || d.rule == "duplicate-key")
            .count()
    };
    for (i, text) in ODD.iter().enumerate() {
        let diagnostics = linter.lint_str("odd.yaml", text);
        let before = yaml_problems(&diagnostics);
        for d in &diagnostics {
            assert!(text.is_char_boundary(d.range.start as usize));
            assert!(text.is_char_boundary(d.range.end as usize));
            let Some(fix) = &d.fix else { continue };
            let fixed = apply_edits(text, &fix.edits)
                .unwrap_or_else(|| panic!("case {i}: {} fix does not apply", d.rule));
            let after = linter.lint_str("odd.yaml", &fixed);
            assert!(
                yaml_problems(&after) <= before,
                "case {i}: {} fix breaks the YAML:\n{fixed}",
                d.rule
            );
        }
    }
}
