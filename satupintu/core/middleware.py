from . import request_context


class RequestContextMiddleware:
    """Makes the client's IP and the web channel known to services for the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context.using(ip_address=request_context.client_ip(request), channel="web"):
            return self.get_response(request)
