"""A PEP 517 build backend from the standard library alone, so that ``pip install ./clients/python`` needs
nothing from PyPI (not even setuptools or wheel): it zips ``huma_client/`` into a pure-Python wheel with
the metadata of ``pyproject.toml``'s [project] table. Also builds an sdist and an editable wheel."""
from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile
from typing import Dict, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "huma_client"
EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed times: the same sources make the same wheel


def _project() -> Dict[str, str]:
    """The plain `key = "value"` lines of pyproject.toml's [project] table."""
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as file:
        text = file.read()
    table = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.S | re.M)
    if not table:
        raise RuntimeError("pyproject.toml has no [project] table")
    return dict(re.findall(r'^([\w-]+)\s*=\s*"([^"]*)"\s*$', table.group(1), re.M))


def _names() -> Tuple[str, str, str]:
    project = _project()
    dist = re.sub(r"[-_.]+", "_", project["name"]).lower()
    return project["name"], project["version"], dist


def _metadata() -> str:
    project = _project()
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as file:
        readme = file.read()
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project.get('description', '')}",
        f"Requires-Python: {project.get('requires-python', '>=3.8')}",
        "License: MIT",
        "Classifier: Programming Language :: Python :: 3",
        "Classifier: Typing :: Typed",
        "Description-Content-Type: text/markdown",
    ]
    return "\n".join(lines) + "\n\n" + readme


WHEEL = "Wheel-Version: 1.0\nGenerator: huma_client _build/backend.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def _package_files() -> List[str]:
    found = []
    for folder, dirs, files in os.walk(os.path.join(ROOT, PACKAGE)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".typed")):
                found.append(os.path.relpath(os.path.join(folder, name), ROOT).replace(os.sep, "/"))
    return found


def _digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _write_wheel(directory: str, contents: Dict[str, bytes]) -> str:
    _, version, dist = _names()
    info = f"{dist}-{version}.dist-info"
    contents = {
        **contents,
        f"{info}/METADATA": _metadata().encode(),
        f"{info}/WHEEL": WHEEL.encode(),
    }
    record = "".join(f"{path},{_digest(data)},{len(data)}\n" for path, data in contents.items())
    contents[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode()
    name = f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(directory, name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in contents.items():
            entry = zipfile.ZipInfo(path, EPOCH)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, data)
    return name


def get_requires_for_build_wheel(config_settings: Optional[dict] = None) -> List[str]:
    return []


get_requires_for_build_sdist = get_requires_for_build_editable = get_requires_for_build_wheel


def prepare_metadata_for_build_wheel(metadata_directory: str, config_settings: Optional[dict] = None) -> str:
    _, version, dist = _names()
    info = f"{dist}-{version}.dist-info"
    os.makedirs(os.path.join(metadata_directory, info), exist_ok=True)
    for name, text in (("METADATA", _metadata()), ("WHEEL", WHEEL)):
        with open(os.path.join(metadata_directory, info, name), "w", encoding="utf-8") as file:
            file.write(text)
    return info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(
    wheel_directory: str, config_settings: Optional[dict] = None, metadata_directory: Optional[str] = None
) -> str:
    contents = {}
    for path in _package_files():
        with open(os.path.join(ROOT, path), "rb") as file:
            contents[path] = file.read()
    return _write_wheel(wheel_directory, contents)


def build_editable(
    wheel_directory: str, config_settings: Optional[dict] = None, metadata_directory: Optional[str] = None
) -> str:
    """A wheel holding one .pth file that puts this folder on sys.path: edits apply without reinstalling."""
    return _write_wheel(wheel_directory, {f"__editable__.{PACKAGE}.pth": (ROOT + "\n").encode()})


def build_sdist(sdist_directory: str, config_settings: Optional[dict] = None) -> str:
    name, version, dist = _names()
    base = f"{dist}-{version}"
    files = ["pyproject.toml", "README.md", "_build/backend.py", *_package_files()]
    tests = os.path.join(ROOT, "tests")
    files += [f"tests/{n}" for n in sorted(os.listdir(tests)) if n.endswith(".py")] if os.path.isdir(tests) else []
    path = os.path.join(sdist_directory, base + ".tar.gz")
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as sdist:
        def add(arcname: str, data: bytes) -> None:
            entry = tarfile.TarInfo(f"{base}/{arcname}")
            entry.size, entry.mode, entry.mtime = len(data), 0o644, 315532800
            sdist.addfile(entry, io.BytesIO(data))

        for rel in files:
            with open(os.path.join(ROOT, rel), "rb") as file:
                add(rel, file.read())
        add("PKG-INFO", _metadata().encode())
    return base + ".tar.gz"
