"""A test-only URLconf: the site, plus pages that fail, to see the error page an error gives."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from sharaka.urls import handler500  # noqa: F401  (handler500: the site's own)
from sharaka.urls import urlpatterns as site


class Broken(RuntimeError):
    pass


@login_not_required
def broken(request):
    raise Broken("a bug in a view")


urlpatterns = [path("broken/", broken, name="broken"), *site]
