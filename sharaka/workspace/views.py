from django.shortcuts import render


def home(request):
    return render(request, "workspace/home.html", {})


def search(request):
    from django.core.exceptions import PermissionDenied

    from sharaka.core.roles import can

    if not can(request.user, "search.use"):
        raise PermissionDenied
    return render(request, "workspace/search.html", {})
