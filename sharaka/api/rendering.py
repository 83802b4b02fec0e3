"""The browsable API (a signed-in browser reading an endpoint) shows the JSON answer and the view's
description, without DRF's generated forms: the writes have their pages, with the real forms."""

from rest_framework.renderers import BrowsableAPIRenderer


class Browsable(BrowsableAPIRenderer):
    def show_form_for_method(self, view, method, request, obj):
        return False

    def get_rendered_html_form(self, data, view, method, request):
        return None

    def get_raw_data_form(self, data, view, method, request):
        return None

    def get_filter_form(self, data, view, request):
        return None
