"""One shape for every error of the REST API: {"error": {"code": "<machine code>", "message": "<Indonesian text>"}}.
Open311 answers errors in the shape of its specification instead (open311.py)."""

from __future__ import annotations

from django.http import JsonResponse


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, *, headers: dict | None = None, details=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, str(message)
        self.headers = headers or {}
        self.details = details


def error_body(code: str, message: str, details=None) -> dict:
    body = {"error": {"code": code, "message": str(message)}}
    if details:
        body["error"]["details"] = details
    return body


def error_response(exc: ApiError) -> JsonResponse:
    response = JsonResponse(error_body(exc.code, exc.message, exc.details), status=exc.status)
    for name, value in exc.headers.items():
        response[name] = value
    return response
