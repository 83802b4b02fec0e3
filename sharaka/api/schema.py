"""The schema's shared parts: every operation documents the refusals it may answer, all in one JSON
shape (api/errors.py), so that a client (and schemathesis in CI) can rely on every response."""

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in the language asked."},
        "code": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "A message per field (`__all__` for the request as a whole).",
        },
    },
    "required": ["detail", "code"],
}

WORDS = {
    "400": "Refused: a message per field, in the language asked; nothing was changed.",
    "401": "No valid token or session.",
    "403": "The role may read this but not do it.",
    "404": "Not there, or not for this role to see.",
    "405": "Not a method of this endpoint.",
    "406": "Only JSON (and the browsable page) are offered.",
    "412": "The record changed since it was read (If-Match): nothing was changed.",
    "415": "Send JSON.",
    "428": "Send If-Match with the ETag read: nothing was changed.",
    "429": "Too many requests for this token or address; try again later (Retry-After).",
}


def add_errors(result, generator, request, public):
    """drf-spectacular post-processing hook (settings SPECTACULAR_SETTINGS)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    ref = {"$ref": "#/components/schemas/Error"}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            codes = ["400", "401", "403", "404", "406", "429"]
            if method in ("post", "put", "patch", "delete"):
                codes += ["415"]
            if any(p.get("name") == "If-Match" for p in operation.get("parameters", [])):
                codes += ["412", "428"]
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {"description": WORDS[code]})
                responses[code]["content"] = {"application/json": {"schema": ref}}
    return result
