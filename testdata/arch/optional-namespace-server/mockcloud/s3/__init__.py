from mockcloud.s3.backend import mock_s3

__all__ = ["mock_s3"]
