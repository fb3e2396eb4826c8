//! A deterministic generator of realistic Kubernetes manifests.
//!
//! Same seed, same bytes: the corpus is rebuilt on any machine instead of
//! being committed. The mix follows what real repositories hold — mostly
//! workloads with their Services and ConfigMaps, some RBAC, policies,
//! CronJobs, multi-document bundles, JSON, alert rules with `{{ }}` in
//! strings, and a few files that are not manifests at all.

use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: small, fast and good enough to vary manifests.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const APPS: &[&str] = &[
    "api",
    "web",
    "worker",
    "cart",
    "checkout",
    "payments",
    "search",
    "auth",
    "gateway",
    "billing",
    "catalog",
    "inventory",
    "notifier",
    "reports",
    "ledger",
    "frontend",
    "scheduler",
    "ingest",
    "exporter",
    "cache",
];
const TEAMS: &[&str] = &[
    "shop", "platform", "data", "identity", "growth", "infra", "ml", "finance",
];
const REGISTRIES: &[&str] = &[
    "registry.example.com",
    "ghcr.io/acme",
    "quay.io/acme",
    "docker.io/library",
    "",
];
const IMAGES: &[&str] = &[
    "nginx", "redis", "postgres", "app", "python", "node", "envoy", "busybox", "java",
];
const TAGS: &[&str] = &[
    "1.27.2",
    "7.2",
    "16.3-alpine",
    "latest",
    "v2.14.0",
    "3.12-slim",
    "20-bookworm",
    "1.36",
];

/// Writes about `target_bytes` of manifests into `dir`; returns (files, bytes).
pub fn generate(dir: &Path, seed: u64, target_bytes: usize) -> std::io::Result<(usize, usize)> {
    let mut rng = Rng::new(seed);
    let mut files = 0;
    let mut bytes = 0;
    while bytes < target_bytes {
        let team = rng.pick(TEAMS);
        let app = rng.pick(APPS);
        let (name, text) = match rng.below(100) {
            0..=44 => (
                format!("{team}/{app}-{files}/deploy.yaml"),
                app_bundle(&mut rng, team, app),
            ),
            45..=54 => (
                format!("{team}/{app}-{files}/statefulset.yaml"),
                statefulset(&mut rng, team, app),
            ),
            55..=61 => (
                format!("{team}/jobs/{app}-{files}.yaml"),
                cronjob(&mut rng, team, app),
            ),
            62..=69 => (
                format!("{team}/rbac/{app}-{files}.yaml"),
                rbac(&mut rng, team, app),
            ),
            70..=75 => (
                format!("{team}/policies/{app}-{files}.yaml"),
                network_policy(&mut rng, team, app),
            ),
            76..=81 => (
                format!("{team}/config/{app}-{files}.yaml"),
                configmap(&mut rng, team, app),
            ),
            82..=85 => (
                format!("{team}/alerts/{app}-{files}.yaml"),
                alert_rules(&mut rng, team, app),
            ),
            86..=90 => (
                format!("{team}/{app}-{files}/deploy.json"),
                json_deployment(&mut rng, team, app),
            ),
            91..=94 => (
                format!("{team}/system/{app}-{files}.yaml"),
                daemonset(&mut rng, team, app),
            ),
            95..=96 => (
                format!("{team}/{app}-{files}/secret.yaml"),
                secret(&mut rng, team, app),
            ),
            _ => (
                format!("{team}/ci/{app}-{files}.yaml"),
                ci_workflow(&mut rng, app),
            ),
        };
        let path = dir.join(&name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &text)?;
        files += 1;
        bytes += text.len();
    }
    Ok((files, bytes))
}

fn image(rng: &mut Rng) -> String {
    let registry = rng.pick(REGISTRIES);
    let image = rng.pick(IMAGES);
    let tag = rng.pick(TAGS);
    let prefix = if registry.is_empty() {
        String::new()
    } else {
        format!("{registry}/")
    };
    if rng.chance(8) {
        format!("{prefix}{image}")
    } else if rng.chance(10) {
        format!(
            "{prefix}{image}:{tag}@sha256:{:016x}{:016x}{:016x}{:016x}",
            rng.next(),
            rng.next(),
            rng.next(),
            rng.next()
        )
    } else {
        format!("{prefix}{image}:{tag}")
    }
}

fn labels(out: &mut String, indent: &str, team: &str, app: &str) {
    let _ = writeln!(out, "{indent}labels:");
    let _ = writeln!(out, "{indent}  app.kubernetes.io/name: {app}");
    let _ = writeln!(out, "{indent}  app.kubernetes.io/part-of: {team}");
    let _ = writeln!(out, "{indent}  app.kubernetes.io/managed-by: kustomize");
}

fn container(out: &mut String, rng: &mut Rng, indent: &str, name: &str) {
    let _ = writeln!(out, "{indent}- name: {name}");
    let _ = writeln!(out, "{indent}  image: {}", image(rng));
    if rng.chance(60) {
        let _ = writeln!(
            out,
            "{indent}  imagePullPolicy: {}",
            rng.pick(&["IfNotPresent", "Always"])
        );
    }
    if rng.chance(50) {
        let _ = writeln!(
            out,
            "{indent}  args: [\"--port=8080\", \"--log-level={}\"]",
            rng.pick(&["info", "debug", "warn"])
        );
    }
    let _ = writeln!(out, "{indent}  ports:");
    let _ = writeln!(
        out,
        "{indent}  - name: http\n{indent}    containerPort: {}",
        8000 + rng.below(100)
    );
    if rng.chance(80) {
        let _ = writeln!(out, "{indent}  env:");
        for i in 0..(2 + rng.below(8)) {
            match rng.below(10) {
                0 => {
                    let _ = writeln!(
                        out,
                        "{indent}  - name: DB_PASSWORD\n{indent}    value: s3cr3t-{}",
                        rng.below(1000)
                    );
                }
                1..=3 => {
                    let _ = writeln!(
                        out,
                        "{indent}  - name: SECRET_{i}\n{indent}    valueFrom:\n{indent}      secretKeyRef: {{name: {name}-secrets, key: key-{i}}}"
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "{indent}  - name: SETTING_{i}\n{indent}    value: \"value-{}\"",
                        rng.below(100000)
                    );
                }
            }
        }
    }
    if rng.chance(70) {
        let _ = writeln!(
            out,
            "{indent}  resources:\n{indent}    requests: {{cpu: {}m, memory: {}Mi}}\n{indent}    limits: {{cpu: \"{}\", memory: {}Mi}}",
            50 * (1 + rng.below(10)),
            64 * (1 + rng.below(8)),
            1 + rng.below(4),
            128 * (1 + rng.below(8))
        );
    }
    if rng.chance(65) {
        let _ = writeln!(
            out,
            "{indent}  readinessProbe:\n{indent}    httpGet: {{path: /healthz, port: http}}\n{indent}    periodSeconds: 10\n{indent}  livenessProbe:\n{indent}    httpGet: {{path: /livez, port: http}}\n{indent}    initialDelaySeconds: 15"
        );
    }
    match rng.below(5) {
        0 => {}
        1 => {
            let _ = writeln!(
                out,
                "{indent}  securityContext:\n{indent}    privileged: {}",
                rng.pick(&["true", "false", "yes"])
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "{indent}  securityContext:\n{indent}    allowPrivilegeEscalation: false\n{indent}    readOnlyRootFilesystem: true\n{indent}    runAsNonRoot: true\n{indent}    capabilities:\n{indent}      drop: [ALL]"
            );
        }
    }
    if rng.chance(40) {
        let _ = writeln!(out, "{indent}  volumeMounts:\n{indent}  - name: config\n{indent}    mountPath: /etc/{name}\n{indent}    readOnly: true");
    }
}

fn pod_spec(out: &mut String, rng: &mut Rng, indent: &str, app: &str) {
    if rng.chance(50) {
        let _ = writeln!(out, "{indent}serviceAccountName: {app}");
    }
    if rng.chance(10) {
        let _ = writeln!(out, "{indent}hostNetwork: true");
    }
    if rng.chance(40) {
        let _ = writeln!(out, "{indent}securityContext:\n{indent}  runAsNonRoot: true\n{indent}  runAsUser: {}\n{indent}  seccompProfile:\n{indent}    type: RuntimeDefault", 10000 + rng.below(50000));
    }
    if rng.chance(20) {
        let _ = writeln!(out, "{indent}initContainers:");
        container(out, rng, indent, "init");
    }
    let _ = writeln!(out, "{indent}containers:");
    container(out, rng, indent, app);
    if rng.chance(30) {
        container(out, rng, indent, "sidecar");
    }
    if rng.chance(40) {
        let _ = writeln!(out, "{indent}volumes:\n{indent}- name: config\n{indent}  configMap:\n{indent}    name: {app}-config");
    }
}

fn app_bundle(rng: &mut Rng, team: &str, app: &str) -> String {
    let mut out = String::new();
    if rng.chance(40) {
        let _ = writeln!(
            out,
            "# {app}: managed by the {team} team. Do not edit by hand."
        );
    }
    let _ = writeln!(
        out,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {app}\n  namespace: {team}"
    );
    labels(&mut out, "  ", team, app);
    if rng.chance(30) {
        let _ = writeln!(
            out,
            "  annotations:\n    deployment.kubernetes.io/revision: \"{}\"",
            rng.below(40)
        );
    }
    let _ = writeln!(
        out,
        "spec:\n  replicas: {}\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: {app}",
        1 + rng.below(5)
    );
    let _ = writeln!(out, "  template:\n    metadata:");
    labels(&mut out, "      ", team, app);
    let _ = writeln!(out, "    spec:");
    pod_spec(&mut out, rng, "      ", app);
    let _ = writeln!(out, "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {app}\n  namespace: {team}\nspec:\n  type: {}\n  selector:\n    app.kubernetes.io/name: {app}\n  ports:\n  - name: http\n    port: 80\n    targetPort: http", rng.pick(&["ClusterIP", "ClusterIP", "NodePort", "LoadBalancer"]));
    if rng.chance(50) {
        out.push_str("---\n");
        out.push_str(&configmap(rng, team, app));
    }
    if rng.chance(30) {
        let _ = writeln!(out, "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {app}\n  namespace: {team}\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: {app}");
    }
    out
}

fn statefulset(rng: &mut Rng, team: &str, app: &str) -> String {
    let mut out = format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {app}-db\n  namespace: {team}\nspec:\n  serviceName: {app}-db\n  replicas: 3\n  selector:\n    matchLabels: {{app: {app}-db}}\n  template:\n    metadata:\n      labels: {{app: {app}-db}}\n    spec:\n");
    pod_spec(&mut out, rng, "      ", app);
    let _ = writeln!(out, "  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: {}Gi", 10 * (1 + rng.below(20)));
    out
}

fn daemonset(rng: &mut Rng, team: &str, app: &str) -> String {
    let mut out = format!("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {app}-agent\n  namespace: {team}\nspec:\n  selector:\n    matchLabels: {{app: {app}-agent}}\n  template:\n    metadata:\n      labels: {{app: {app}-agent}}\n    spec:\n      hostPID: {}\n      tolerations:\n      - operator: Exists\n", rng.chance(30));
    pod_spec(&mut out, rng, "      ", app);
    let _ = writeln!(
        out,
        "      - name: host\n        hostPath: {{path: /var/log}}"
    );
    out
}

fn cronjob(rng: &mut Rng, team: &str, app: &str) -> String {
    let mut out = format!("apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {app}-nightly\n  namespace: {team}\nspec:\n  schedule: \"{} 3 * * *\"\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      backoffLimit: 2\n      template:\n        spec:\n          restartPolicy: OnFailure\n", rng.below(60));
    pod_spec(&mut out, rng, "          ", app);
    out
}

fn rbac(rng: &mut Rng, team: &str, app: &str) -> String {
    let verbs = if rng.chance(15) {
        "[\"*\"]"
    } else {
        "[get, list, watch]"
    };
    let resources = rng.pick(&[
        "[pods]",
        "[configmaps, secrets]",
        "[deployments, replicasets]",
        "[\"*\"]",
    ]);
    format!("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {app}\n  namespace: {team}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: {app}\n  namespace: {team}\nrules:\n- apiGroups: [\"\", apps]\n  resources: {resources}\n  verbs: {verbs}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: {app}\n  namespace: {team}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: {app}\nsubjects:\n- kind: ServiceAccount\n  name: {app}\n  namespace: {team}\n")
}

fn network_policy(rng: &mut Rng, team: &str, app: &str) -> String {
    format!("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {app}\n  namespace: {team}\nspec:\n  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: {app}\n  policyTypes: [Ingress, Egress]\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {{kubernetes.io/metadata.name: {}}}\n    ports:\n    - {{protocol: TCP, port: 8080}}\n  egress:\n  - to:\n    - ipBlock: {{cidr: {}}}\n", rng.pick(TEAMS), rng.pick(&["10.0.0.0/8", "0.0.0.0/0", "172.16.0.0/12"]))
}

fn configmap(rng: &mut Rng, team: &str, app: &str) -> String {
    let mut out = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {app}-config\n  namespace: {team}\ndata:\n");
    let _ = writeln!(
        out,
        "  LOG_LEVEL: info\n  FEATURE_FLAGS: \"search,checkout-v2\""
    );
    let _ = writeln!(out, "  nginx.conf: |");
    for i in 0..(10 + rng.below(120)) {
        let _ = writeln!(out, "    location /api/v{}/{} {{ proxy_pass http://{app}:8080; proxy_set_header Host $host; }}", i % 3, rng.below(10000));
    }
    let _ = writeln!(out, "  settings.json: '{{\"retries\": {}, \"timeout\": \"{}s\", \"regions\": [\"eu\", \"us\"]}}'", rng.below(10), rng.below(60));
    out
}

fn alert_rules(rng: &mut Rng, team: &str, app: &str) -> String {
    let mut out = format!("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: {app}-alerts\n  namespace: {team}\nspec:\n  groups:\n  - name: {app}\n    rules:\n");
    for i in 0..(3 + rng.below(15)) {
        let _ = writeln!(out, "    - alert: {app}HighErrorRate{i}\n      expr: sum(rate(http_requests_total{{job=\"{app}\",code=~\"5..\"}}[5m])) > {}\n      for: 10m\n      labels: {{severity: {}}}\n      annotations:\n        summary: \"High error rate on {{{{ $labels.instance }}}}\"\n        description: \"{{{{ $value | humanizePercentage }}}} of requests fail\"", rng.below(100), rng.pick(&["warning", "critical"]));
    }
    out
}

fn json_deployment(rng: &mut Rng, team: &str, app: &str) -> String {
    format!(
        "{{\n  \"apiVersion\": \"apps/v1\",\n  \"kind\": \"Deployment\",\n  \"metadata\": {{\"name\": \"{app}\", \"namespace\": \"{team}\"}},\n  \"spec\": {{\n    \"replicas\": {},\n    \"selector\": {{\"matchLabels\": {{\"app\": \"{app}\"}}}},\n    \"template\": {{\n      \"metadata\": {{\"labels\": {{\"app\": \"{app}\"}}}},\n      \"spec\": {{\n        \"containers\": [{{\"name\": \"{app}\", \"image\": \"{}\", \"ports\": [{{\"containerPort\": 8080}}], \"securityContext\": {{\"privileged\": {}}}}}]\n      }}\n    }}\n  }}\n}}\n",
        1 + rng.below(4),
        image(rng),
        rng.chance(20)
    )
}

fn secret(rng: &mut Rng, team: &str, app: &str) -> String {
    format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {app}-secrets\n  namespace: {team}\ntype: Opaque\ndata:\n  key-0: {:016x}\n  key-1: {:016x}\n", rng.next(), rng.next())
}

fn ci_workflow(rng: &mut Rng, app: &str) -> String {
    format!("name: {app}\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/checkout@v4\n    - run: make test-{}\n", rng.below(10))
}
