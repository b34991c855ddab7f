"""Turn botocore failures into one-line DeliveryErrors that say what to fix.

By the time an exception reaches here, botocore has already retried what was transient
(5xx, throttling, dropped connections), so everything is reported as permanent, exit 3.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
)

from assetpack.errors import DeliveryError

_CREDENTIAL_CODES = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "InvalidToken",
    "ExpiredToken",
    "TokenRefreshRequired",
    "InvalidSecurity",
    "AuthFailure",
    "InvalidClientTokenId",
}
_DENIED_CODES = {"AccessDenied", "AllAccessDisabled", "403", "Forbidden"}
_REGION_CODES = {
    "PermanentRedirect",
    "AuthorizationHeaderMalformed",
    "IllegalLocationConstraintException",
    "301",
}
_DIGEST_CODES = {"BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch"}
_TRANSIENT_CODES = {"InternalError", "ServiceUnavailable", "SlowDown", "500", "502", "503", "504"}


@contextmanager
def translated_errors(where: str, bucket: str) -> Iterator[None]:
    """Re-raise botocore errors inside the block as DeliveryError about ``where``."""
    try:
        yield
    except ClientError as exc:
        raise DeliveryError(one_line(client_error_message(exc, where, bucket))) from exc
    except (NoCredentialsError, PartialCredentialsError) as exc:
        raise DeliveryError(
            f"s3://{bucket}: no usable AWS credentials ({exc}) — set AWS_PROFILE, or "
            f"AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run 'aws configure'"
        ) from exc
    except (ConnectionError, HTTPClientError) as exc:
        raise DeliveryError(
            one_line(
                f"{where}: cannot reach the store after retries ({exc}) — check "
                f"--endpoint-url / AWS_ENDPOINT_URL and the network; a rerun resumes"
            )
        ) from exc
    except BotoCoreError as exc:
        raise DeliveryError(one_line(f"{where}: {exc}")) from exc


def client_error_message(exc: ClientError, where: str, bucket: str) -> str:
    error = exc.response.get("Error", {})
    code = str(error.get("Code", "Unknown"))
    # A bare 404 only names the bucket from HeadBucket; from HeadObject it means "no such key".
    if code == "NoSuchBucket" or (code == "404" and exc.operation_name == "HeadBucket"):
        return f"s3://{bucket}: bucket does not exist — create it or fix the --upload target"
    if code in _CREDENTIAL_CODES:
        return (
            f"s3://{bucket}: credentials rejected ({code}) — check AWS_ACCESS_KEY_ID / "
            f"AWS_SECRET_ACCESS_KEY or AWS_PROFILE, and that they belong to this endpoint"
        )
    if code in _DENIED_CODES:
        return (
            f"{where}: access denied — these credentials need s3:ListBucket on {bucket} and "
            f"s3:GetObject + s3:PutObject under the prefix (or use other credentials)"
        )
    if code in _REGION_CODES:
        region = _bucket_region(exc) or "the bucket's region"
        return f"s3://{bucket}: bucket lives in {region} — pass --region {region}"
    if code.startswith("KMS."):
        return f"{where}: KMS refused the key ({code}) — check --kms-key-id and key permissions"
    if code in _DIGEST_CODES:
        return (
            f"{where}: the store rejected an upload ({code}: {error.get('Message', '')}) — "
            f"a file changed or was corrupted in transit; rerun to resume"
        )
    if code in _TRANSIENT_CODES:
        attempts = exc.response.get("ResponseMetadata", {}).get("RetryAttempts", 0) + 1
        return (
            f"{where}: the store kept failing ({code}) after {attempts} attempts — try again "
            f"later; a rerun resumes where this one stopped"
        )
    return f"{where}: S3 error {code} in {exc.operation_name}: {error.get('Message', '')}"


def _bucket_region(exc: ClientError) -> str | None:
    headers = exc.response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
    region = exc.response.get("Error", {}).get("Region") or headers.get("x-amz-bucket-region")
    return str(region) if region else None


def one_line(message: str) -> str:
    return " ".join(message.split())
