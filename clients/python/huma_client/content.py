"""The ``content_hash`` a stamp takes: the SHA-256 of the content, as 64 lower-case hex digits, computed
here so that the content itself never leaves your machine."""
from __future__ import annotations

import hashlib
import os
from typing import BinaryIO, Union

CHUNK = 1024 * 1024

Source = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]", BinaryIO]


def hash_content(source: Source) -> str:
    """SHA-256 hex of ``source``: bytes are the content; a ``str`` or ``os.PathLike`` is a file's path
    (read in 1 MB chunks); an object with ``read()`` is a binary stream, read to its end. For text, hash
    its bytes: ``hash_content(text.encode("utf-8"))``."""
    digest = hashlib.sha256()
    if isinstance(source, (bytes, bytearray, memoryview)):
        digest.update(source)
    elif isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as file:
            for chunk in iter(lambda: file.read(CHUNK), b""):
                digest.update(chunk)
    elif hasattr(source, "read"):
        for chunk in iter(lambda: source.read(CHUNK), b""):
            if isinstance(chunk, str):
                raise TypeError("hash_content needs a binary stream (open the file with 'rb')")
            digest.update(chunk)
    else:
        raise TypeError(f"hash_content takes bytes, a path or a binary stream, not {type(source).__name__}")
    return digest.hexdigest()
