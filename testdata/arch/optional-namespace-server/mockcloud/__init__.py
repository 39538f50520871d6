from mockcloud.s3 import mock_s3

__all__ = ["mock_s3"]
