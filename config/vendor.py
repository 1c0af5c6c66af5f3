"""Front-end libraries from the npm registry, pinned by version and sha512, served by us.

Run by the README's run and test commands (`python -m config.vendor`), never at page time:
the product works on a closed network. Standard library only, so it runs before Django.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"
REGISTRY = os.environ.get("NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # the registry's dist.integrity (sha512, base64)
    files: dict[str, str]  # path inside the tarball -> file name under static/vendor/<name>/

    @property
    def tarball_url(self) -> str:
        return f"{REGISTRY}/{self.name}/-/{self.name.split('/')[-1]}-{self.version}.tgz"


PACKAGES = (
    Package(
        "htmx.org",
        "2.0.11",
        "sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==",
        {"package/dist/htmx.min.js": "htmx.min.js", "package/LICENSE": "LICENSE"},
    ),
    Package(
        "chart.js",
        "4.5.1",
        "sha512-GIjfiT9dbmHRiYi6Nl2yFCq7kkwdkp1W/lp2J99rX0yo9tgJGn3lKQATztIjb5tVtevcBtIdICNWqlq5+E8/Pw==",
        {"package/dist/chart.umd.min.js": "chart.umd.min.js", "package/LICENSE.md": "LICENSE.md"},
    ),
    Package(
        "topojson-client",
        "3.1.0",
        "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
        {
            "package/dist/topojson-client.min.js": "topojson-client.min.js",
            "package/LICENSE": "LICENSE",
        },
    ),
    Package(
        "world-atlas",
        "2.0.2",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
        {"package/countries-50m.json": "countries-50m.json", "package/LICENSE": "LICENSE"},
    ),
    Package(
        "axe-core",
        "4.11.0",
        "sha512-ilYanEU8vxxBexpJd8cWM4ElSQq4QctCLKih0TSfjIfCQTeyH/6zVrmIJfLPrKTKJRbiG+cfnZbQIjAlJmF1jQ==",
        {"package/axe.min.js": "axe.min.js", "package/LICENSE": "LICENSE"},
    ),
)


# Bumped when the way files are unpacked changes, so existing installs are redone.
LAYOUT = 2
SOURCE_MAP_COMMENT = re.compile(rb"\n?//# sourceMappingURL=\S+\s*$")


def _stamp(package: Package) -> Path:
    return VENDOR_DIR / package.name / f".installed-{package.version}-{LAYOUT}"


def _unpacked(file_name: str, content: bytes) -> bytes:
    """Drop source-map references: the maps are not shipped, and collectstatic's manifest
    storage refuses a script that points at a file it cannot find."""
    if file_name.endswith(".js"):
        return SOURCE_MAP_COMMENT.sub(b"\n", content)
    return content


def fetch(package: Package) -> bool:
    """Download, verify and unpack one package; False when it was already installed."""
    if _stamp(package).exists():
        return False
    with urllib.request.urlopen(package.tarball_url, timeout=60) as response:  # noqa: S310
        data = response.read()
    algo, _, expected = package.integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if digest != expected:
        raise RuntimeError(f"{package.name}@{package.version}: integrity mismatch, refusing it")
    target = VENDOR_DIR / package.name
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member_name, file_name in package.files.items():
            member = archive.extractfile(member_name)
            if member is None:
                raise RuntimeError(f"{package.name}: {member_name} missing from the tarball")
            (target / file_name).write_bytes(_unpacked(file_name, member.read()))
    for old in target.glob(".installed-*"):
        old.unlink()
    _stamp(package).touch()
    return True


def main() -> int:
    """Install every pinned package that is not installed yet."""
    for package in PACKAGES:
        try:
            fetched = fetch(package)
        except Exception as exc:  # noqa: BLE001 - report which package and why, then fail
            print(f"vendor: {package.name}@{package.version}: {exc}", file=sys.stderr)
            return 1
        print(f"vendor: {package.name}@{package.version} {'installed' if fetched else 'present'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
