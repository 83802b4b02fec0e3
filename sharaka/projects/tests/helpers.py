"""Fill and submit the real HTML forms of a page, the way a browser would."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.found = False
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._select_first = None
        self._select_chosen = False
        self._option_value = None
        self._textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.found and (a.get("action") or "") == (self.action or ""):
            self.inside = self.found = True
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "file", "reset"):
                self._add(name, a.get("value") or "")
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._add(self._select, value)
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            values = self.data[self._textarea]
            values[-1] += data.lstrip("\n") if not values[-1] else data


def form_fields(response, action=None) -> dict[str, list[str]]:
    """The values a browser would send for the page's own form (or the one posting to `action`)."""
    reader = _FormReader(action)
    reader.feed(response.content.decode())
    assert reader.found, f"no form {'posting to ' + action if action else ''} on the page"
    return reader.data


def submit(client, response, changes: dict, action=None):
    """Submit a page's form with some fields changed (a value, a list of values, or None to clear)."""
    data = form_fields(response, action)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    url = action or response.wsgi_request.path
    return client.post(url, data)


def arabic(message: str, **values) -> str:
    """The Arabic of a message as the catalogues give it (whichever app's catalogue wins)."""
    from django.utils import translation

    with translation.override("ar"):
        text = translation.gettext(message)
    assert text != message, f"not translated into Arabic: {message!r}"
    return text % values if values else text
