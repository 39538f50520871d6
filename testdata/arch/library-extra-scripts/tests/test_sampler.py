from tracelight import Sampler


def test_samples():
    s = Sampler()
    s.start()
    sum(range(100))
    assert s.stop()
