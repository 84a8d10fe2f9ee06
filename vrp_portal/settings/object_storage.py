"""The S3-compatible storage backend (django-storages), built from settings values,
so base.py and the tests build it the same way."""

from botocore.config import Config


def s3_storage(*, bucket, endpoint_url="", access_key="", secret_key="", region="eu-west-2", prefix="") -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "region_name": region,
            "location": prefix,
            # Private objects, never overwritten: a name the portal chose is kept.
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            # Bounded waits on the object store too.
            "client_config": Config(
                connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}
            ),
        },
    }
