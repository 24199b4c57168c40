from __future__ import annotations

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request):
    """For the container's health check: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    """A form that was open too long, or cookies switched off: say so plainly."""
    from django.shortcuts import render

    return render(request, "403_csrf.html", status=403)
