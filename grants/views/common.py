"""What the grant and match-funding pages share: the form page and file downloads."""

from django.http import FileResponse, Http404
from django.shortcuts import render


def form_page(request, form, *, title, back_url, caption="", intro="", multipart=False, status=None):
    context = {
        "form": form,
        "title": title,
        "back_url": back_url,
        "caption": caption,
        "intro": intro,
        "multipart": multipart,
    }
    return render(
        request, "grants/form.html", context, status=status or (400 if form.is_bound and form.errors else 200)
    )


def stored_file_response(stored):
    """A stored upload as an attachment under its original name, never rendered inline."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
