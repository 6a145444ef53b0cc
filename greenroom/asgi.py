"""ASGI entry point: the Procfile's `web:` line serves this with granian."""

import os
import warnings

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenroom.settings")
# whitenoise streams static files with a plain iterator, which Django consumes in a thread under
# ASGI; the warning it prints for every static file is about speed, and the files are small.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous iterators")
application = get_asgi_application()
