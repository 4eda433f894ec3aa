"""Files through Django's storage API only, the same code on the local folder and on S3 (settings.MEDIA_STORAGE).

What the storage API does not say and several places need: reading a stored file as a stream without
loading it whole (downloads), walking every stored name (backup), copying a name to another (restore's
switch from its staging prefix). Names starting with ``.qms-`` are the system's own scratch (restore's
staging, the readiness probe): never backed up, never shown.
"""

import hashlib

from django.core.exceptions import SuspiciousFileOperation

SCRATCH_PREFIX = ".qms-"
CHUNK = 1024 * 1024


def is_s3(storage):
    return hasattr(storage, "bucket_name") and hasattr(storage, "connection")


def open_stream(storage, name):
    """(a file-like object to read from, its size or None). FileNotFoundError when the file is not there.

    On S3 the object's body is streamed as it arrives (django-storages' own file object downloads the whole
    object first); elsewhere the storage's file object is read in chunks anyway.
    """
    if is_s3(storage):
        from botocore.exceptions import ClientError
        from storages.utils import clean_name

        # The key as django-storages computes it for its own reads (location prefix, cleaned name).
        key = storage._normalize_name(clean_name(name))
        try:
            obj = storage.connection.meta.client.get_object(Bucket=storage.bucket_name, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404", "NotFound"}:
                raise FileNotFoundError(name) from None
            raise
        return obj["Body"], obj.get("ContentLength")
    try:
        return storage.open(name, "rb"), None
    except SuspiciousFileOperation:
        raise FileNotFoundError(name) from None


def walk(storage, folder=""):
    """Every stored file name below ``folder``, sorted, scratch names left out."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder.rstrip('/')}/" if folder else ""
    for directory in sorted(directories):
        if not directory.startswith(SCRATCH_PREFIX):
            yield from walk(storage, prefix + directory)
    for filename in sorted(files):
        if not filename.startswith(SCRATCH_PREFIX):
            yield prefix + filename


def copy_out(storage, name, target_path):
    """Copy a stored file to a local path; its SHA-256 and size."""
    digest = hashlib.sha256()
    size = 0
    handle, _size = open_stream(storage, name)
    try:
        with open(target_path, "wb") as out:
            for block in iter(lambda: handle.read(CHUNK), b""):
                digest.update(block)
                out.write(block)
                size += len(block)
    finally:
        handle.close()
    return digest.hexdigest(), size


def sha256_stored(storage, name):
    digest = hashlib.sha256()
    handle, _size = open_stream(storage, name)
    try:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    finally:
        handle.close()
    return digest.hexdigest()


def copy_within(storage, source, target):
    """Copy a stored file to another name of the same storage (S3: server side, no download)."""
    if is_s3(storage):
        from storages.utils import clean_name

        key = storage._normalize_name(clean_name(target))
        storage.connection.meta.client.copy_object(
            Bucket=storage.bucket_name, Key=key, ACL="private",
            CopySource={"Bucket": storage.bucket_name, "Key": storage._normalize_name(clean_name(source))})
        return target
    with storage.open(source, "rb") as handle:
        saved = storage.save(target, handle)
    if saved != target:
        raise FileExistsError(target)
    return saved
