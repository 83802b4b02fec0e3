"""One log line per request with its request id (to be written)."""

import logging


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)


class TextFormatter(logging.Formatter):
    pass


class JsonFormatter(logging.Formatter):
    pass
