from timeit import Timer

import django.conf
import django.template.loader

from tracelight import Sampler

django.conf.settings.configure(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["."]}])
django.setup()

base = Timer(lambda: django.template.loader.render_to_string("page.html")).repeat(number=1000)
sampler = Sampler()
sampler.start()
profiled = Timer(lambda: django.template.loader.render_to_string("page.html")).repeat(number=1000)
sampler.stop()
print(min(profiled) / min(base))
