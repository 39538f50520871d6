"""The pytest plugin: fixtures for testing an application built with restkit."""
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient


@pytest.fixture
def restkit_app():
    """The application under test: a bare FastAPI(); override this fixture
    in your conftest.py to supply your own."""
    return FastAPI()


@pytest.fixture
def client(restkit_app):
    return TestClient(restkit_app)
