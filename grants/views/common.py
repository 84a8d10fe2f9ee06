"""What the grant and match-funding pages share: file downloads."""

from django.http import FileResponse, Http404


def stored_file_response(stored):
    """A stored upload as an attachment under its original name, never rendered inline."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
