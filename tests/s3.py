"""A local S3-compatible server (moto in server mode on 127.0.0.1) for the tests and the multi-node run.

With ``MEDIA_STORAGE=s3`` in the environment (the CI leg "S3 storage"), every test's default storage is
this server's bucket, under a prefix of the test's own (tests never see each other's files); otherwise the
tests use the local folder. Tests marked ``s3`` cover every file path (upload, render, stamp, download,
backup and restore) and run in both modes.
"""

import socket
import uuid

import boto3

ACCESS_KEY = "qms-test"
SECRET_KEY = "qms-test-secret"  # nosec B105: a throwaway key of a local test server
REGION = "us-east-1"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalS3:
    """moto's S3 in a thread of this process, reachable over HTTP by subprocesses too."""

    def __init__(self):
        from moto.server import ThreadedMotoServer

        self.port = free_port()
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def start(self):
        self.server.start()
        return self

    def stop(self):
        self.server.stop()

    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY)

    def make_bucket(self, name):
        client = self.client()
        try:
            client.create_bucket(Bucket=name)
        except client.exceptions.BucketAlreadyOwnedByYou:
            pass
        return name

    def env(self, bucket, prefix=""):
        """The environment variables a node or worker needs to use this server (settings.py reads them)."""
        return {"MEDIA_STORAGE": "s3", "S3_ENDPOINT_URL": self.endpoint, "S3_BUCKET": bucket, "S3_REGION": REGION,
                "S3_ACCESS_KEY_ID": ACCESS_KEY, "S3_SECRET_ACCESS_KEY": SECRET_KEY, "S3_PREFIX": prefix}

    def storage_setting(self, bucket, prefix=None):
        """settings.STORAGES["default"] for this server, under a fresh prefix unless one is given."""
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": bucket, "endpoint_url": self.endpoint, "region_name": REGION,
            "access_key": ACCESS_KEY, "secret_key": SECRET_KEY,
            "location": prefix if prefix is not None else f"t-{uuid.uuid4().hex[:12]}",
            "default_acl": "private", "querystring_auth": False, "file_overwrite": False,
            "signature_version": "s3v4", "addressing_style": "path"}}

    def keys(self, bucket, prefix=""):
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))
