"""Which pinned packages are behind their latest release on the package index.

Reads the pins of requirements*.txt, asks pip (`pip list --outdated`, the index this machine
reaches) and prints one line per pin that is behind: what to review before the next upgrade.
It reports and never fails the build: a newer release is not a defect, and the index may be out
of reach. Security advisories are `pip-audit`'s job, on a machine that reaches an advisory
database (docs/deploy.md).

    .venv/bin/python tools/outdated.py
"""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;#]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for path in sorted(ROOT.glob("requirements*.txt")):
        for line in path.read_text().splitlines():
            match = PIN.match(line.strip())
            if match:
                found[canonical(match.group(1))] = (match.group(2), path.name)
    return found


def main() -> int:
    pinned = pins()
    listing = subprocess.run(
        [sys.executable, "-m", "pip", "list", "--outdated", "--format=json", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if listing.returncode != 0:
        print(f"outdated: the package index could not be asked ({listing.stderr.strip()[-200:]})")
        return 0
    behind = [
        (item["name"], pinned[canonical(item["name"])], item["latest_version"])
        for item in json.loads(listing.stdout or "[]")
        if canonical(item["name"]) in pinned
    ]
    print(f"outdated: {len(behind)} of {len(pinned)} pinned packages are behind the latest release")
    for name, (version, where), latest in sorted(behind, key=lambda row: row[0].lower()):
        print(f"  {name:28} {version:>12} → {latest:<12} ({where})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
