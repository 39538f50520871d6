from django.test import SimpleTestCase

from tracekit.instrumentation.django import DjangoInstrumentor


class TestInstrumentor(SimpleTestCase):
    def test_adds_middleware(self):
        DjangoInstrumentor().instrument()
