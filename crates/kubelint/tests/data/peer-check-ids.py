#!/usr/bin/env python3
"""Regenerate peer-check-ids.txt from the anchors catalog.

Usage: python3 peer-check-ids.py ../shared/docs/anchors.md > peer-check-ids.txt

Reads §F (every check of kube-linter, kube-score, Polaris, kubesec, Checkov,
Trivy KSV/KCV), §C (CIS Kubernetes Benchmark 1.12 controls decidable from
manifests, with section 5 expanded) and §B.2 (Pod Security Standards
controls, as `level/check`). A third column marks checks out of scope
(`out-of-scope:why`) or carries a note (`note:what`).
"""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()


def section(start, end):
    a = text.index(start)
    b = text.index(end, a + len(start)) if end else len(text)
    return text[a:b]


def rows(part):
    for line in part.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            yield cells


def bare(cell):
    return cell.strip("`").strip()


out = []
headers = {"check", "ID", "CIS id", "CIS", "PSA check ID"}
for tool, start, end in [
    ("kube-linter", "### F.1", "### F.2"),
    ("kube-score", "### F.2", "### F.3"),
    ("polaris", "### F.3", "### F.4"),
    ("kubesec", "### F.4", "### F.5"),
    ("checkov", "### F.5", "### F.6"),
    ("trivy", "### F.6", "### F.7"),
    ("trivy", "### F.7", None),
]:
    for cells in rows(section(start, end)):
        if cells[0] in headers:
            continue
        scope = ""
        if tool == "checkov" and "PodSecurityPolicy" in cells[-1]:
            scope = "out-of-scope:PodSecurityPolicy"
        if tool == "trivy" and len(cells) > 3 and cells[3] == "yes":
            scope = "out-of-scope:deprecated"
        # Checks that require an admission plugin Kubernetes removed
        # (PodSecurityPolicy in 1.25, SecurityContextDeny in 1.30): an API
        # server of a supported version refuses to start with either.
        if tool in ("checkov", "trivy") and any(
            f"admission control plugin {plugin}" in cells[1]
            for plugin in ("PodSecurityPolicy", "SecurityContextDeny")
        ):
            scope = "out-of-scope:removed-admission-plugin"
        out.append((tool, bare(cells[0]), scope))

# F.7's prose: KCV-0048..KCV-0092 read Trivy's node-collector data (kind
# nodeinfo); a rule deciding the same from a KubeletConfiguration may claim them.
for n in range(48, 93):
    out.append(("trivy", f"KCV-{n:04d}", "note:nodeinfo-input"))

# C.1 says per row whether the control is decidable from a manifest.
for cells in rows(section("### C.1", "### C.2")):
    if cells[0] in headers:
        continue
    # (kubelint may still decide it from another file, e.g. 1.2.28.)
    scope = "note:not-from-static-pods" if cells[4].startswith("no") else ""
    out.append(("cis", cells[0], scope))
# C.1's prose: file modes on the node (1.1.x) are not decidable; 3.2.2 is
# manual in kube-bench (kubelint decides it from an audit Policy file).
for n in range(1, 22):
    out.append(("cis", f"1.1.{n}", "out-of-scope:node-files"))
out.append(("cis", "3.2.2", ""))
for cells in rows(section("### C.2", "### C.3")):
    if cells[0] in headers:
        continue
    out.append(("cis", cells[0], ""))

for cells in rows(section("### C.3", "## D.")):
    if cells[0] in headers:
        continue
    ids = cells[0].replace(" ", "").split("/")
    for one in ids:
        m = re.fullmatch(r"(\d+\.\d+\.)(\d+)[–-]\d+\.\d+\.(\d+)", one)
        if m:
            for n in range(int(m.group(2)), int(m.group(3)) + 1):
                out.append(("cis", f"{m.group(1)}{n}", ""))
        else:
            out.append(("cis", one, ""))

for cells in rows(section("### B.2", "## C.")):
    if cells[0] in headers:
        continue
    level = cells[1].lower()
    out.append(("pss", f"{level}/{bare(cells[0])}", ""))

print("# Every check id of the tools and standards kubelint compares its rules with")
print("# (`equivalents` in each rule file). Extracted from ../shared/docs/anchors.md:")
print("# §F (kube-linter, kube-score, Polaris, kubesec, Checkov, Trivy KSV/KCV),")
print("# §C (CIS Kubernetes Benchmark 1.12 controls decidable from manifests) and")
print("# §B.2 (Pod Security Standards controls as level/check).")
print("# Refresh: python3 crates/kubelint/tests/data/peer-check-ids.py \\")
print("#   ../shared/docs/anchors.md > crates/kubelint/tests/data/peer-check-ids.txt")
print("# Columns: tool, id, and `out-of-scope:why` (no rule may claim it) or `note:what`.")
seen = set()
for tool, ident, scope in out:
    if (tool, ident) in seen:
        continue
    seen.add((tool, ident))
    print(f"{tool} {ident} {scope}".rstrip())
