"""The one form page: a GOV.UK form with its error summary, title and back link.

Every app's simple form pages use it, with one status-code convention: a form
shown again with its errors answers 200, as Django's own form views do, and a
save refused because someone else changed the object first answers 409.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    back_url: str,
    caption: str = "",
    intro: str = "",
    multipart: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "back_url": back_url,
        "caption": caption,
        "intro": intro,
        "multipart": multipart,
    }
    return render(request, "form_page.html", context, status=status)
