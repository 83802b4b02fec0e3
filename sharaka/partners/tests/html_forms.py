"""Fill and submit the real HTML form of a page, as a browser would (functional tests without a browser).

    response = submit(client, "/partners/new/", {"name_fr": "UNICEF", "model": "un_agency"})

The page is fetched, its POST form read (hidden fields, selected options, checked boxes, text
areas), the given values put in, and the form posted to its action.
"""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._select = None
        self._textarea = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": a.get("action"), "method": (a.get("method") or "get").lower(), "fields": []}
            )
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
                self.forms[-1].setdefault("boxes", set()).add(a["name"])
            elif kind not in ("submit", "button", "file", "image", "reset"):
                fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            self._option = value
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            self.forms[-1]["fields"] += [(self._select["name"], v or "") for v in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.forms[-1]["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def read_form(html: str, index: int = -1) -> dict:
    """The fields of the page's POST forms (the last one by default: the page's own, after the header's)."""
    parser = _Forms()
    parser.feed(html)
    forms = [f for f in parser.forms if f["method"] == "post" and "language" not in dict(f["fields"])]
    form = forms[index]
    values: dict[str, list] = {}
    for name, value in form["fields"]:
        values.setdefault(name, []).append(value)
    return {"action": form["action"], "values": values, "boxes": form.get("boxes", set())}


def submit(
    client, url: str, changes: dict | None = None, files: dict | None = None, index: int = -1, **extra
):
    """GET the page, fill its form with `changes` (a list for several values, None to clear), POST it."""
    page = client.get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    form = read_form(page.content.decode(), index)
    values = form["values"]
    for name, value in (changes or {}).items():
        if value is None or value is False:
            values.pop(name, None)
        elif isinstance(value, list | tuple):
            values[name] = [str(v) for v in value]
        else:
            values[name] = [str(value)]
    data = {name: v if len(v) > 1 else v[0] for name, v in values.items()}
    data.update(files or {})
    return client.post(form["action"] or url, data, **extra)
