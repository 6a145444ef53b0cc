"""Production static files: hashed names, gzip + brotli copies, cached forever (whitenoise).

`collectstatic` with DEBUG=0 writes the manifest (`staticfiles.json`) and the `.gz`/`.br` files on
a fresh clone. Before it has run (a checkout with DEBUG=0, the test suite), a name the manifest
does not hold is served under its plain name (whitenoise finds it in the apps' folders) instead
of failing the page.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:  # not collected yet: the plain name, which whitenoise's finders serve
            return name
