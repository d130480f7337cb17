"""Liveness and readiness answer for the container's health check and the proxy."""

from django.db import connection
from django.http import JsonResponse


class HealthCheckMiddleware:
    """Answers ``/healthz/`` before host validation and TLS redirects.

    The Docker health check calls the container on 127.0.0.1 over plain HTTP, which the
    production host list and the HTTPS redirect would otherwise turn away.
    """

    path = "/healthz/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != self.path:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as exc:  # any database failure means "not ready"
            return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
        return JsonResponse({"status": "ok", "database": "ok"})
