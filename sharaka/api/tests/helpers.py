"""Tokens and a client speaking JSON with one, for the API's tests."""

import json

from django.test import Client

from sharaka.api import tokens


class ApiClient:
    """A caller of the API with a personal token (or none), in a language (Accept-Language)."""

    def __init__(self, user=None, language="en"):
        self.client = Client()
        self.headers = {"HTTP_ACCEPT_LANGUAGE": language, "HTTP_ACCEPT": "application/json"}
        if user is not None:
            from django.db import transaction

            with transaction.atomic():
                _token, key = tokens.token_create(actor=user, name="test")
            self.key = key
            self.headers["HTTP_AUTHORIZATION"] = f"Token {key}"

    def get(self, url, data=None, **extra):
        return self.client.get(url, data, **self.headers, **extra)

    def post(self, url, body=None, **extra):
        return self.client.post(
            url, json.dumps(body or {}), content_type="application/json", **self.headers, **extra
        )

    def patch(self, url, body=None, **extra):
        return self.client.patch(
            url, json.dumps(body or {}), content_type="application/json", **self.headers, **extra
        )

    def put(self, url, body=None, **extra):
        return self.client.put(
            url, json.dumps(body or {}), content_type="application/json", **self.headers, **extra
        )

    def delete(self, url, body=None, **extra):
        return self.client.delete(url, **self.headers, **extra)

    def multipart(self, url, data, method="post", **extra):
        """A write with files, as multipart/form-data (the test client's own encoding)."""
        from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

        if method == "post":
            return self.client.post(url, data, **self.headers, **extra)
        return getattr(self.client, method)(
            url, encode_multipart(BOUNDARY, data), content_type=MULTIPART_CONTENT, **self.headers, **extra
        )


def query_count(caller, url) -> int:
    """The queries one GET of `url` costs (it must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = caller.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured)
